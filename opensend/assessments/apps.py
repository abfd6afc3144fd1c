from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "opensend.assessments"
    label = "assessments"

    def ready(self) -> None:
        from opensend.access.policy import Capability
        from opensend.pupils.record_tabs import RecordTab, register_tab

        register_tab(RecordTab("assessments", "Assessments", "assessments:pupil", Capability.SEN_READ, 30))
