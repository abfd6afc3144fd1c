from django.urls import path

from . import views

app_name = "register"
urlpatterns = [
    path("schools/<str:urn>/register/", views.register_list, name="list"),
    path("schools/<str:urn>/register/export.xlsx", views.register_export_xlsx, name="export-xlsx"),
    path("schools/<str:urn>/register/export.csv", views.register_export_csv, name="export-csv"),
    path("schools/<str:urn>/census/", views.census_check, name="census"),
    path("pupils/<uuid:pupil_id>/sen/", views.sen_section, name="sen"),
    path("pupils/<uuid:pupil_id>/sen/provision/", views.provision_change, name="provision-change"),
    path("pupils/<uuid:pupil_id>/sen/needs/", views.needs_change, name="needs-change"),
    path("pupils/<uuid:pupil_id>/sen/monitoring/add/", views.monitoring_add, name="monitoring-add"),
    path("pupils/<uuid:pupil_id>/sen/monitoring/end/", views.monitoring_end, name="monitoring-end"),
    path("pupils/<uuid:pupil_id>/sen/base/start/", views.base_start, name="base-start"),
    path("pupils/<uuid:pupil_id>/sen/base/end/", views.base_end, name="base-end"),
]
