from django.urls import path

from . import views

app_name = "passports"
urlpatterns = [
    path("pupils/<uuid:pupil_id>/passport/", views.passport, name="passport"),
    path("pupils/<uuid:pupil_id>/passport/edit/", views.passport_edit, name="edit"),
    path("pupils/<uuid:pupil_id>/passport/versions/<int:passport_version>/", views.passport_version, name="version"),
    path("pupils/<uuid:pupil_id>/passport/suggest/", views.suggestion_add, name="suggest"),
    path(
        "pupils/<uuid:pupil_id>/passport/suggestions/<int:suggestion_id>/", views.suggestion_review, name="suggestion"
    ),
    path(
        "pupils/<uuid:pupil_id>/passport/suggestions/<int:suggestion_id>/accept/",
        views.suggestion_accept,
        name="suggestion-accept",
    ),
    path(
        "pupils/<uuid:pupil_id>/passport/suggestions/<int:suggestion_id>/decline/",
        views.suggestion_decline,
        name="suggestion-decline",
    ),
    path(
        "pupils/<uuid:pupil_id>/passport/versions/<int:passport_version>/photo/",
        views.passport_photo,
        name="photo",
    ),
    path("pupils/<uuid:pupil_id>/passport.pdf", views.passport_pdf, name="pupil-pdf"),
    path("schools/<str:urn>/groups/<uuid:group_id>/passports.pdf", views.group_passports_pdf, name="group-pdf"),
]
