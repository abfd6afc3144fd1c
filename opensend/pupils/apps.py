from django.apps import AppConfig


class PupilsConfig(AppConfig):
    name = "opensend.pupils"
    label = "pupils"
