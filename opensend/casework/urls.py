from django.urls import path


app_name = "casework"
urlpatterns = []
