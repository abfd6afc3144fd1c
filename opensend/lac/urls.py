from django.urls import path

from . import views

app_name = "lac"

PUPIL = "pupils/<uuid:pupil_id>/looked-after/"
PEP = f"{PUPIL}peps/<uuid:pep_id>/"

urlpatterns = [
    path("schools/<str:urn>/looked-after/", views.register, name="register"),
    path(PUPIL, views.pupil_lac, name="pupil"),
    path(f"{PUPIL}add/", views.record_add, name="record-add"),
    path(f"{PUPIL}contacts/", views.contacts_edit, name="contacts-edit"),
    path(f"{PUPIL}status/", views.status_edit, name="status-edit"),
    path(f"{PUPIL}peps/add/", views.pep_add, name="pep-add"),
    path(PEP, views.pep_detail, name="pep"),
    path(f"{PEP}change/", views.pep_edit, name="pep-edit"),
    path(f"{PEP}pep.pdf", views.pep_print, name="pep-print"),
    path(f"{PEP}targets/add/", views.target_add, name="target-add"),
    path(f"{PEP}targets/<uuid:pep_target_id>/", views.target_edit, name="target-edit"),
    path(f"{PEP}spending/add/", views.spend_add, name="spend-add"),
]
