from django.apps import AppConfig


class PupilsConfig(AppConfig):
    name = "opensend.pupils"
    label = "pupils"

    def ready(self) -> None:
        from opensend.access.policy import Capability

        from .audit_export import audit_trail
        from .badges import medical_badges
        from .record_tabs import RecordTab, register_badges, register_tab
        from .subject_access import register_section
        from .subject_access_sections import pupil_details

        register_tab(RecordTab("overview", "Overview", "pupils:record", Capability.PUPIL_RECORD, 0))
        register_tab(
            RecordTab("audit", "Who has viewed or changed this record", "pupils:audit", Capability.PUPIL_AUDIT, 1000)
        )
        register_badges(medical_badges)
        register_section("pupil", "Pupil details", 0, pupil_details)
        register_section("audit", "Who viewed or changed the record", 1000, audit_trail)
