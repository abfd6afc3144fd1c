from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "opensend.register"
    label = "register"
