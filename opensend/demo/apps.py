from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "opensend.demo"
    label = "demo"
