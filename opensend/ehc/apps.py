from django.apps import AppConfig


class EhcConfig(AppConfig):
    name = "opensend.ehc"
    label = "ehc"
    verbose_name = "EHC needs assessments"

    def ready(self) -> None:
        from opensend.access.policy import Capability
        from opensend.deadlines.sources import register_source
        from opensend.pupils.record_tabs import RecordTab, register_tab
        from opensend.pupils.subject_access import register_section as register_export_section

        from .selectors import open_deadlines
        from .subject_access import ehc

        register_tab(RecordTab("ehc", "EHC", "ehc:pupil", Capability.EHC, 60))
        register_tab(
            RecordTab("ehc-provision", "EHC outcomes and provision", "ehc:provision", Capability.EHC_PROVISION_READ, 65)
        )
        register_source(open_deadlines)
        register_export_section("ehc", "EHC needs assessments and plans", 60, ehc)
