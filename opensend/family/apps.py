from django.apps import AppConfig


class FamilyConfig(AppConfig):
    name = "opensend.family"
    label = "family"
    verbose_name = "Family contact log"

    def ready(self) -> None:
        from opensend.access.policy import Capability
        from opensend.notifications.digest import register_section as register_digest_section
        from opensend.pupils.record_tabs import RecordTab, register_badges, register_tab
        from opensend.pupils.subject_access import register_section as register_export_section

        from . import badges, digest
        from .subject_access import family_contacts

        register_tab(RecordTab("family", "Family contact", "family:pupil", Capability.FAMILY_CONTACTS, 55))
        register_badges(badges.communication_badges)
        register_digest_section(digest.SECTION)
        register_export_section("family", "Contact with the family", 45, family_contacts)
