from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "opensend.schools"
    label = "schools"
