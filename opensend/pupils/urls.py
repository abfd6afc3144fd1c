from django.urls import path

from . import import_views, views

app_name = "pupils"
urlpatterns = [
    path("schools/<str:urn>/pupils/", views.pupil_list, name="list"),
    path("schools/<str:urn>/pupils/search/", views.pupil_search, name="search"),
    path("pupils/<uuid:pupil_id>/", views.pupil_record, name="record"),
    path("pupils/<uuid:pupil_id>/edit/", views.pupil_edit, name="edit"),
    path("pupils/<uuid:pupil_id>/archive/", views.pupil_archive, name="archive"),
    path("pupils/<uuid:pupil_id>/audit/", views.pupil_audit, name="audit"),
    path("schools/<str:urn>/import/", import_views.import_upload, name="import"),
    path("imports/<uuid:job_id>/", import_views.import_job, name="import-job"),
    path("imports/<uuid:job_id>/progress/", import_views.import_progress, name="import-progress"),
]
