from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "opensend.audit"
    label = "audit"

    def ready(self) -> None:
        from opensend.pupils.subject_access import register_section

        from .subject_access import audit_trail

        register_section("audit", "Who viewed or changed the record", 1000, audit_trail)
