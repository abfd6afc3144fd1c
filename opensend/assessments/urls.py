from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("pupils/<uuid:pupil_id>/assessments/", views.pupil_assessments, name="pupil"),
    path("pupils/<uuid:pupil_id>/assessments/add/", views.assessment_add, name="add"),
    path("assessments/<uuid:result_id>/edit/", views.assessment_edit, name="edit"),
    path("assessments/<uuid:result_id>/archive/", views.assessment_archive, name="archive"),
]
