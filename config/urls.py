from django.urls import include, path

urlpatterns = [
    path("", include("opensend.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("opensend.schools.urls")),
    path("", include("opensend.pupils.urls")),
]
