from django.urls import include, path

urlpatterns = [
    path("", include("opensend.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("opensend.pupils.urls")),
    path("", include("opensend.assessments.urls")),
    path("", include("opensend.identification.urls")),
    path("", include("opensend.register.urls")),
    path("", include("opensend.passports.urls")),
    path("", include("opensend.plans.urls")),
    path("", include("opensend.provision.urls")),
    path("", include("opensend.deadlines.urls")),
    path("", include("opensend.ehc.urls")),
    path("", include("opensend.casework.urls")),
    path("", include("opensend.family.urls")),
    path("", include("opensend.lac.urls")),
    path("", include("opensend.funding.urls")),
    path("", include("opensend.dashboards.urls")),
    path("", include("opensend.notifications.urls")),
    path("", include("opensend.dataprotection.urls")),
]
