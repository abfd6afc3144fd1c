from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "opensend.plans"
    label = "plans"
    verbose_name = "Assess, plan, do, review"

    def ready(self) -> None:
        from opensend.access.policy import Capability
        from opensend.pupils.record_tabs import RecordTab, register_tab
        from opensend.pupils.subject_access import register_section

        from .subject_access import plans

        register_tab(RecordTab("plans", "Plan (APDR)", "plans:pupil", Capability.SEN_READ, 40))
        register_tab(RecordTab("meetings", "Parents' meetings", "plans:meetings", Capability.SEN_READ, 50))
        register_section("plans", "Plans and meetings", 40, plans)
