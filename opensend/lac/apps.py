from django.apps import AppConfig


class LacConfig(AppConfig):
    name = "opensend.lac"
    label = "lac"
    verbose_name = "Looked-after children"

    def ready(self) -> None:
        from opensend.access.policy import Capability
        from opensend.deadlines.sources import register_source
        from opensend.pupils.record_tabs import RecordTab, register_tab
        from opensend.pupils.subject_access import register_section as register_export_section

        from .selectors import open_deadlines
        from .subject_access import looked_after

        register_tab(RecordTab("lac", "Looked after", "lac:pupil", Capability.LAC_READ, 62))
        # PEP deadlines show only to those who may read looked-after records (not the assistant SENDCo).
        register_source(open_deadlines, capability=Capability.LAC_READ)
        register_export_section("lac", "Looked-after status and personal education plans", 62, looked_after)
