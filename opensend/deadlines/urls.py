from django.urls import path

from . import views

app_name = "deadlines"
urlpatterns = [
    path("schools/<str:urn>/deadlines/", views.caseload, name="caseload"),
    path("schools/<str:urn>/deadlines/export.xlsx", views.caseload_export, name="caseload-export"),
    path("schools/<str:urn>/deadlines/calculator/", views.calculator, name="calculator"),
    path("schools/<str:urn>/deadlines/calendar/", views.calendar, name="calendar"),
    path("account/calendar/", views.calendar_feed_settings, name="calendar-feed-settings"),
    path("calendar/<str:token>/deadlines.ics", views.calendar_feed, name="calendar-feed"),
]
