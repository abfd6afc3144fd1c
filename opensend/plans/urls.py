from django.urls import path

from . import views

app_name = "plans"

CYCLE = "pupils/<uuid:pupil_id>/plans/<uuid:cycle_id>/"

urlpatterns = [
    path("pupils/<uuid:pupil_id>/plans/", views.pupil_plans, name="pupil"),
    path("pupils/<uuid:pupil_id>/plans/start/", views.cycle_start, name="start"),
    path("pupils/<uuid:pupil_id>/plans/history/print/", views.history_print, name="history-print"),
    path(CYCLE, views.cycle_detail, name="cycle"),
    path(f"{CYCLE}print/", views.cycle_print, name="cycle-print"),
    path(f"{CYCLE}assess/", views.cycle_assess, name="assess"),
    path(f"{CYCLE}plan/", views.cycle_plan, name="plan"),
    path(f"{CYCLE}advance/", views.cycle_advance, name="advance"),
    path(f"{CYCLE}outcomes/add/", views.outcome_add, name="outcome-add"),
    path(f"{CYCLE}outcomes/<int:outcome_id>/", views.outcome_edit, name="outcome-edit"),
    path(f"{CYCLE}outcomes/<int:outcome_id>/remove/", views.outcome_remove, name="outcome-remove"),
    path(f"{CYCLE}outcomes/<int:outcome_id>/targets/add/", views.target_add, name="target-add"),
    path(f"{CYCLE}targets/<int:target_id>/", views.target_edit, name="target-edit"),
    path(f"{CYCLE}targets/<int:target_id>/remove/", views.target_remove, name="target-remove"),
    path(f"{CYCLE}notes/add/", views.note_add, name="note-add"),
    path(f"{CYCLE}review/", views.cycle_review, name="review"),
    path(f"{CYCLE}close/", views.cycle_close, name="close"),
    path("pupils/<uuid:pupil_id>/meetings/", views.pupil_meetings, name="meetings"),
    path("pupils/<uuid:pupil_id>/meetings/add/", views.meeting_add, name="meeting-add"),
    path("pupils/<uuid:pupil_id>/meetings/<uuid:meeting_id>/", views.meeting, name="meeting"),
    path("pupils/<uuid:pupil_id>/meetings/<uuid:meeting_id>/print/", views.meeting_print, name="meeting-print"),
    path("schools/<str:urn>/actions/", views.my_actions, name="my-actions"),
    path("schools/<str:urn>/actions/<uuid:action_id>/done/", views.action_done, name="action-done"),
]
