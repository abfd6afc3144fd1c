from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "opensend.plans"
    label = "plans"
    verbose_name = "Assess, plan, do, review"

    def ready(self) -> None:
        from opensend.access.policy import Capability
        from opensend.notifications.digest import register_section
        from opensend.pupils.record_tabs import RecordTab, register_tab

        from . import digest

        register_tab(RecordTab("plans", "Plan (APDR)", "plans:pupil", Capability.SEN_READ, 40))
        register_tab(RecordTab("meetings", "Parents' meetings", "plans:meetings", Capability.SEN_READ, 50))
        register_section(digest.SECTION)
