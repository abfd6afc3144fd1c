"""Abstract building blocks every domain model shares: timestamps, authorship, archiving, versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ArchivableQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class ArchivableModel(models.Model):
    """Records are archived with a reason, never deleted, except by the audited retention process."""

    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    archive_reason = models.TextField(blank=True, editable=False)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class VersionedModel(models.Model):
    """A version number that every save through a form must quote, so stale edits are refused."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save_next_version(self) -> None:
        """Save with the version one up, counted by the database so two saves never agree on it, and
        read the new number back."""
        self.version = models.F("version") + 1
        self.save()
        self.refresh_from_db(fields=["version"])
