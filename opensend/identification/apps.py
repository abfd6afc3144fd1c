from django.apps import AppConfig


class IdentificationConfig(AppConfig):
    name = "opensend.identification"
    label = "identification"

    def ready(self) -> None:
        from opensend.access.policy import Capability
        from opensend.notifications.digest import register_section as register_digest_section
        from opensend.pupils.record_tabs import RecordTab, register_tab
        from opensend.pupils.subject_access import register_section as register_export_section

        from . import digest
        from .subject_access import concerns

        register_tab(RecordTab("concerns", "Concerns", "identification:pupil", Capability.SEN_READ, 20))
        register_digest_section(digest.SECTION)
        register_export_section("concerns", "Concerns", 20, concerns)
