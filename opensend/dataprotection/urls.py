from django.urls import path

from . import views

app_name = "dataprotection"
urlpatterns = [
    path("pupils/<uuid:pupil_id>/subject-access/", views.subject_access, name="subject-access"),
    path("pupils/<uuid:pupil_id>/subject-access/exports/", views.subject_access_export, name="subject-access-export"),
    path(
        "pupils/<uuid:pupil_id>/subject-access/exports/<uuid:export_id>.zip",
        views.subject_access_download,
        name="subject-access-download",
    ),
    path("schools/<str:urn>/retention/", views.retention, name="retention"),
    path("schools/<str:urn>/retention/<slug:rule_key>/", views.retention_due, name="retention-due"),
    path("schools/<str:urn>/retention/<slug:rule_key>/period/", views.retention_period, name="retention-period"),
]
