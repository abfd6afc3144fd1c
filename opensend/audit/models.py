"""The append-only log of who changed or viewed which pupil's record, when, and what changed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyError(RuntimeError):
    pass


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        ARCHIVE = "archive", "Archived"
        VIEW = "view", "Viewed"
        EXPORT = "export", "Exported"
        IMPORT = "import", "Imported"
        DESTROY = "destroy", "Destroyed"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    # Kept as text too, so the log still reads correctly if an account is renamed.
    actor_label = models.CharField(max_length=254)
    action = models.CharField(max_length=7, choices=Action.choices)
    school = models.ForeignKey("schools.School", null=True, on_delete=models.PROTECT, related_name="+")
    pupil = models.ForeignKey("pupils.Pupil", null=True, on_delete=models.PROTECT, related_name="audit_events")
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    summary = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True, help_text="{field: [before, after]}")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["pupil", "-at"], name="audit_pupil_recent")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")


class ErasurePermit(models.Model):
    """While a row here names a pupil, the database lets that pupil's audit events be deleted: the
    retention service writes it, deletes the pupil's whole record with its audit trail and removes
    it, all in one transaction, after a SENDCo or head has confirmed the destruction. Nothing
    else may delete an audit event, and nothing may ever change one."""

    pupil_id = models.BigIntegerField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Erasure permit for pupil {self.pupil_id}"
