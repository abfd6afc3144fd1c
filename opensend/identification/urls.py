from django.urls import path

from . import views

app_name = "identification"
urlpatterns = [
    path("schools/<str:urn>/concerns/", views.triage_list, name="triage"),
    path("schools/<str:urn>/concerns/mine/", views.my_concerns, name="mine"),
    path("schools/<str:urn>/concerns/raise/", views.choose_pupil, name="choose-pupil"),
    path("pupils/<uuid:pupil_id>/concerns/", views.pupil_concerns, name="pupil"),
    path("pupils/<uuid:pupil_id>/concerns/raise/", views.raise_concern, name="raise"),
    path("concerns/<uuid:concern_id>/", views.concern_detail, name="concern"),
    path("concerns/<uuid:concern_id>/requests/add/", views.request_contribution, name="request"),
    path("concerns/<uuid:concern_id>/contribute/", views.contribute, name="contribute"),
    path("concerns/<uuid:concern_id>/contributions/parent/", views.parent_contribution, name="parent-contribution"),
    path("concerns/<uuid:concern_id>/assessments/attach/", views.attach_results, name="attach"),
    path("concerns/<uuid:concern_id>/assessments/add/", views.add_result, name="add-result"),
    path("concerns/<uuid:concern_id>/decide/register/", views.decide_register, name="decide-register"),
    path("concerns/<uuid:concern_id>/decide/monitoring/", views.decide_monitoring, name="decide-monitoring"),
    path("concerns/<uuid:concern_id>/decide/close/", views.close_concern, name="close"),
]
