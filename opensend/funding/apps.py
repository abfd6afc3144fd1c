from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "opensend.funding"
    label = "funding"
    verbose_name = "High-needs funding"

    def ready(self) -> None:
        from opensend.access.policy import Capability
        from opensend.pupils.record_tabs import RecordTab, register_tab
        from opensend.pupils.subject_access import register_section as register_export_section

        from .subject_access import funding

        register_tab(RecordTab("funding", "Top-up funding", "funding:pupil", Capability.FUNDING_READ, 80))
        register_export_section("funding", "High-needs top-up funding", 80, funding)
