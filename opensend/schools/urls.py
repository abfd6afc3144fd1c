from django.urls import path

from . import views

app_name = "schools"
urlpatterns = [
    path("schools/<str:urn>/", views.school_overview, name="overview"),
    path("trusts/<uuid:trust_id>/", views.trust_overview, name="trust-overview"),
]
