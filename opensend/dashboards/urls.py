from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("schools/<str:urn>/", views.school_overview, name="school-overview"),
    path("trusts/<uuid:trust_id>/", views.trust_overview, name="trust-overview"),
    path("schools/<str:urn>/dashboard/", views.dashboard, name="dashboard"),
    path("schools/<str:urn>/dashboard/<slug:key>/", views.panel_list, name="list"),
    path("schools/<str:urn>/my-class/", views.my_class, name="my-class"),
    path("pupils/<uuid:pupil_id>/chronology/", views.pupil_chronology, name="chronology"),
]
