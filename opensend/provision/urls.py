from django.urls import path

from . import cost_views, running_views, session_views, views

app_name = "provision"

INTERVENTION = "schools/<str:urn>/interventions/<uuid:intervention_id>/"
PROVISION = "provision/<uuid:provision_id>/"

urlpatterns = [
    path("schools/<str:urn>/interventions/", views.library, name="library"),
    path("schools/<str:urn>/interventions/add/", views.intervention_add, name="intervention-add"),
    path(INTERVENTION, views.intervention_detail, name="intervention"),
    path(f"{INTERVENTION}edit/", views.intervention_edit, name="intervention-edit"),
    path(f"{INTERVENTION}archive/", views.intervention_archive, name="intervention-archive"),
    path(f"{INTERVENTION}copy/", views.intervention_copy, name="intervention-copy"),
    path(f"{INTERVENTION}share/", views.intervention_share, name="intervention-share"),
    path("schools/<str:urn>/provision/", running_views.provision_list, name="list"),
    path("schools/<str:urn>/provision/add/", running_views.provision_add, name="add"),
    path(PROVISION, running_views.provision_detail, name="detail"),
    path(f"{PROVISION}edit/", running_views.provision_edit, name="edit"),
    path(f"{PROVISION}archive/", running_views.provision_archive, name="archive"),
    path(f"{PROVISION}slots/add/", running_views.slot_add, name="slot-add"),
    path(f"{PROVISION}slots/<int:slot_id>/remove/", running_views.slot_remove, name="slot-remove"),
    path(f"{PROVISION}pupils/add/", running_views.member_add, name="member-add"),
    path(f"{PROVISION}pupils/<int:member_id>/leave/", running_views.member_leave, name="member-leave"),
    path(f"{PROVISION}pupils/<int:member_id>/results/", running_views.member_results, name="member-results"),
    path("schools/<str:urn>/provision/impact/", views.school_impact, name="impact"),
    path("trusts/<uuid:trust_id>/provision/impact/", views.trust_impact, name="trust-impact"),
    path("schools/<str:urn>/provision/outcome-scale/", running_views.outcome_scale, name="outcome-scale"),
    path(f"{PROVISION}sessions/<int:slot_id>/<str:day>/", session_views.session_log, name="log"),
    path("pupils/<uuid:pupil_id>/provision/", running_views.pupil_provision, name="pupil"),
    # Costs and the costed provision map.
    path("schools/<str:urn>/provision/costs/staff/", cost_views.staff_costs, name="staff-costs"),
    path("schools/<str:urn>/provision/costs/staff/<uuid:user_id>/", cost_views.staff_cost_set_view, name="staff-cost"),
    path("schools/<str:urn>/provision/costs/budget/", cost_views.budget, name="budget"),
    path("schools/<str:urn>/provision/map/", cost_views.provision_map, name="map"),
    path("schools/<str:urn>/provision/map.xlsx", cost_views.provision_map_xlsx, name="map-xlsx"),
    path("schools/<str:urn>/provision/map.pdf", cost_views.provision_map_pdf, name="map-pdf"),
    path("pupils/<uuid:pupil_id>/provision/history/", cost_views.pupil_history, name="history"),
    path("pupils/<uuid:pupil_id>/provision/history.pdf", cost_views.pupil_history_pdf, name="history-pdf"),
    path("trusts/<uuid:trust_id>/provision/map/", cost_views.trust_map, name="trust-map"),
]

# Staff deployment and quality assurance.
from . import timetable_views  # noqa: E402

urlpatterns += [
    path("schools/<str:urn>/provision/timetable/", timetable_views.team_timetable, name="timetable"),
    path(
        "schools/<str:urn>/provision/timetable/<uuid:user_id>/",
        timetable_views.staff_timetable,
        name="staff-timetable",
    ),
    path(
        "schools/<str:urn>/provision/timetable/<uuid:user_id>/hours/", timetable_views.staff_hours, name="staff-hours"
    ),
    path(f"{PROVISION}slots/<int:slot_id>/staff/", timetable_views.slot_staff, name="slot-staff"),
    path(f"{PROVISION}slots/<int:slot_id>/cover/", timetable_views.cover_add, name="cover-add"),
    path("provision/covers/<uuid:cover_id>/cancel/", timetable_views.cover_cancel, name="cover-cancel"),
    path(f"{PROVISION}observations/add/", timetable_views.observation_add, name="observation-add"),
    path("provision/observations/<uuid:observation_id>/", timetable_views.observation_detail, name="observation"),
    path("schools/<str:urn>/provision/observations/", timetable_views.observations, name="observations"),
]
