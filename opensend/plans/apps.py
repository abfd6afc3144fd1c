from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "opensend.plans"
    label = "plans"
    verbose_name = "Assess, plan, do, review"

    def ready(self) -> None:
        from opensend.access.policy import Capability
        from opensend.notifications.digest import register_section as register_digest_section
        from opensend.pupils.record_tabs import RecordTab, register_tab
        from opensend.pupils.subject_access import register_section as register_export_section

        from . import digest
        from .subject_access import plans

        register_tab(RecordTab("plans", "Plan (APDR)", "plans:pupil", Capability.SEN_READ, 40))
        register_tab(RecordTab("meetings", "Meetings", "plans:meetings", Capability.SEN_READ, 50))
        register_digest_section(digest.SECTION)
        register_digest_section(digest.ACTIONS_SECTION)
        register_export_section("plans", "Plans and meetings", 40, plans)
