from django.urls import path

from . import views

app_name = "family"

urlpatterns = [
    path("pupils/<uuid:pupil_id>/family/", views.pupil_log, name="pupil"),
    path("pupils/<uuid:pupil_id>/family/add/", views.contact_add, name="add"),
    path("pupils/<uuid:pupil_id>/family/<uuid:entry_id>/follow-up-done/", views.follow_up_done, name="follow-up-done"),
    path("pupils/<uuid:pupil_id>/family/needs/<int:carer_id>/", views.communication_needs, name="needs"),
    path("schools/<str:urn>/family/follow-ups/", views.my_follow_ups, name="follow-ups"),
    path("schools/<str:urn>/family/co-production/", views.co_production, name="co-production"),
]
