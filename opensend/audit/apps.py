from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "opensend.audit"
    label = "audit"
