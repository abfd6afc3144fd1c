from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("account/email/", views.preferences, name="preferences"),
]
