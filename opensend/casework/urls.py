from django.urls import path

from . import views

app_name = "casework"

SERVICE = "schools/<str:urn>/services/<uuid:service_id>/"
REFERRAL = "pupils/<uuid:pupil_id>/referrals/<uuid:referral_id>/"
REPORT = "pupils/<uuid:pupil_id>/reports/<uuid:report_id>/"

urlpatterns = [
    path("schools/<str:urn>/services/", views.directory, name="directory"),
    path("schools/<str:urn>/services/add/", views.service_add, name="service-add"),
    path(SERVICE, views.service_detail, name="service"),
    path(f"{SERVICE}edit/", views.service_edit, name="service-edit"),
    path(f"{SERVICE}professionals/add/", views.professional_add, name="professional-add"),
    path("schools/<str:urn>/referrals/", views.school_referrals, name="referrals"),
    path("pupils/<uuid:pupil_id>/referrals/", views.pupil_casework, name="pupil"),
    path("pupils/<uuid:pupil_id>/referrals/add/", views.referral_add, name="referral-add"),
    path(REFERRAL, views.referral_detail, name="referral"),
    path(f"{REFERRAL}edit/", views.referral_edit, name="referral-edit"),
    path(f"{REFERRAL}status/", views.referral_status, name="referral-status"),
    path(f"{REFERRAL}chasers/add/", views.chaser_add, name="chaser-add"),
    path("pupils/<uuid:pupil_id>/reports/add/", views.report_add, name="report-add"),
    path(REPORT, views.report_detail, name="report"),
    path(f"{REPORT}document/", views.report_download, name="report-document"),
    path(f"{REPORT}recommendations/add/", views.recommendation_add, name="recommendation-add"),
    path(f"{REPORT}recommendations/<int:recommendation_id>/", views.recommendation_outcome, name="recommendation"),
    path("pupils/<uuid:pupil_id>/advice/", views.pupil_advice, name="advice"),
]
