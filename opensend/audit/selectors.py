from __future__ import annotations

from django.db.models import QuerySet

from .models import AuditEvent


def pupil_audit_trail(pupil) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(pupil=pupil).select_related("school").order_by("-id")
