from django.apps import AppConfig


class IdentificationConfig(AppConfig):
    name = "opensend.identification"
    label = "identification"

    def ready(self) -> None:
        from opensend.access.policy import Capability
        from opensend.notifications.digest import register_section
        from opensend.pupils.record_tabs import RecordTab, register_tab

        from . import digest

        register_tab(RecordTab("concerns", "Concerns", "identification:pupil", Capability.SEN_READ, 20))
        register_section(digest.SECTION)
