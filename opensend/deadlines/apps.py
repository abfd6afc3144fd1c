from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "opensend.deadlines"
    label = "deadlines"
    verbose_name = "Statutory deadlines"

    def ready(self) -> None:
        from opensend.notifications.digest import register_section

        from . import digest

        register_section(digest.SECTION)
