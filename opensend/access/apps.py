from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "opensend.access"
    label = "access"

    def ready(self) -> None:
        from . import signals  # noqa: F401
