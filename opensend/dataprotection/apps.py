from django.apps import AppConfig


class DataProtectionConfig(AppConfig):
    name = "opensend.dataprotection"
    label = "dataprotection"
    verbose_name = "Data protection"

    def ready(self) -> None:
        from opensend.access.policy import Capability
        from opensend.pupils.record_tabs import RecordTab, register_tab

        register_tab(
            RecordTab(
                "subject-access", "Subject access", "dataprotection:subject-access", Capability.SUBJECT_ACCESS, 990
            )
        )
