from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "opensend.assessments"
    label = "assessments"

    def ready(self) -> None:
        from opensend.access.policy import Capability
        from opensend.pupils.record_tabs import RecordTab, register_tab
        from opensend.pupils.subject_access import register_section

        from .subject_access import assessment_results

        register_tab(RecordTab("assessments", "Assessments", "assessments:pupil", Capability.SEN_READ, 30))
        register_section("assessments", "Assessments", 30, assessment_results)
