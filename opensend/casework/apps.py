from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "opensend.casework"
    label = "casework"
    verbose_name = "Professionals and referrals"

    def ready(self) -> None:
        from opensend.access.policy import Capability
        from opensend.deadlines.sources import register_source
        from opensend.pupils.record_tabs import RecordTab, register_tab
        from opensend.pupils.subject_access import register_section as register_export_section

        from .selectors import open_deadlines
        from .subject_access import casework

        register_tab(RecordTab("casework", "Referrals and advice", "casework:pupil", Capability.CASEWORK_READ, 70))
        register_tab(RecordTab("advice", "Professionals' advice", "casework:advice", Capability.ADVICE_READ, 72))
        register_source(open_deadlines)
        register_export_section("casework", "Referrals and professionals' advice", 70, casework)
