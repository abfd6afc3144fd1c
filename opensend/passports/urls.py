from django.urls import path

from . import views

app_name = "passports"
urlpatterns = [
    path("pupils/<uuid:pupil_id>/passport/", views.passport, name="passport"),
    path("pupils/<uuid:pupil_id>/passport/edit/", views.passport_edit, name="edit"),
    path("pupils/<uuid:pupil_id>/passport/versions/<int:passport_version>/", views.passport_version, name="version"),
    path(
        "pupils/<uuid:pupil_id>/passport/versions/<int:passport_version>/photo/",
        views.passport_photo,
        name="photo",
    ),
    path("pupils/<uuid:pupil_id>/passport.pdf", views.passport_pdf, name="pupil-pdf"),
    path("schools/<str:urn>/groups/<uuid:group_id>/passports.pdf", views.group_passports_pdf, name="group-pdf"),
]
