from django.urls import path

from . import views

app_name = "funding"

SCHOOL = "schools/<str:urn>/funding/"
FRAMEWORK = f"{SCHOOL}frameworks/<uuid:framework_id>/"
APPLICATION = f"{SCHOOL}applications/<uuid:application_id>/"

urlpatterns = [
    path(SCHOOL, views.funding_view, name="view"),
    path(f"{SCHOOL}export.xlsx", views.funding_xlsx, name="view-xlsx"),
    path(f"{SCHOOL}frameworks/", views.framework_list, name="frameworks"),
    path(f"{SCHOOL}frameworks/add/", views.framework_add, name="framework-add"),
    path(FRAMEWORK, views.framework_detail, name="framework"),
    path(f"{FRAMEWORK}edit/", views.framework_edit, name="framework-edit"),
    path(f"{FRAMEWORK}archive/", views.framework_archive, name="framework-archive"),
    path(f"{FRAMEWORK}bands/add/", views.band_add, name="band-add"),
    path(f"{FRAMEWORK}bands/<int:band_id>/archive/", views.band_archive, name="band-archive"),
    path(f"{SCHOOL}applications/", views.application_list, name="applications"),
    path(APPLICATION, views.application_detail, name="application"),
    path(f"{APPLICATION}edit/", views.application_edit, name="application-edit"),
    path(f"{APPLICATION}archive/", views.application_archive, name="application-archive"),
    path("pupils/<uuid:pupil_id>/funding/", views.pupil_funding, name="pupil"),
    path("pupils/<uuid:pupil_id>/funding/add/", views.application_add, name="application-add"),
]
