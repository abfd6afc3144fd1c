from django.urls import path

from . import views

app_name = "deadlines"
urlpatterns = [
    path("schools/<str:urn>/deadlines/calculator/", views.calculator, name="calculator"),
]
