from django.apps import AppConfig


class PassportsConfig(AppConfig):
    name = "opensend.passports"
    label = "passports"

    def ready(self) -> None:
        from opensend.access.policy import Capability
        from opensend.pupils.record_tabs import RecordTab, register_tab
        from opensend.pupils.subject_access import register_section

        from .subject_access import passports

        register_tab(RecordTab("passport", "Pupil passport", "passports:passport", Capability.SEN_READ, 15))
        register_section("passports", "Pupil passports", 15, passports)
