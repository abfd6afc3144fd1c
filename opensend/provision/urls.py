from django.urls import path

from . import views

app_name = "provision"

INTERVENTION = "schools/<str:urn>/interventions/<uuid:intervention_id>/"

urlpatterns = [
    path("schools/<str:urn>/interventions/", views.library, name="library"),
    path("schools/<str:urn>/interventions/add/", views.intervention_add, name="intervention-add"),
    path(INTERVENTION, views.intervention_detail, name="intervention"),
    path(f"{INTERVENTION}edit/", views.intervention_edit, name="intervention-edit"),
    path(f"{INTERVENTION}archive/", views.intervention_archive, name="intervention-archive"),
    path(f"{INTERVENTION}copy/", views.intervention_copy, name="intervention-copy"),
    path(f"{INTERVENTION}share/", views.intervention_share, name="intervention-share"),
]
