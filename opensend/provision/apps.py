from django.apps import AppConfig


class ProvisionConfig(AppConfig):
    name = "opensend.provision"
    label = "provision"
    verbose_name = "Provision and interventions"

    def ready(self) -> None:
        from opensend.access.policy import Capability
        from opensend.pupils.record_tabs import RecordTab, register_tab
        from opensend.pupils.subject_access import register_section as register_export_section

        from .subject_access import provision

        register_tab(RecordTab("provision", "Provision", "provision:pupil", Capability.SEN_READ, 45))
        register_export_section("provision", "Provision and interventions", 45, provision)
