from django.apps import AppConfig


class ProvisionConfig(AppConfig):
    name = "opensend.provision"
    label = "provision"
    verbose_name = "Provision and interventions"

    def ready(self) -> None:
        from opensend.access.policy import Capability
        from opensend.pupils.record_tabs import RecordTab, register_tab

        register_tab(RecordTab("provision", "Provision", "provision:pupil", Capability.SEN_READ, 45))
