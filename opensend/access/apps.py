from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "opensend.access"
    label = "access"
