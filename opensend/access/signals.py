"""Cached memberships (policy._memberships) are forgotten whenever a membership, school or trust is
saved or deleted. Bulk writes send no signals: their callers call `access_changed` themselves."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from opensend.accounts.models import Membership
from opensend.core.school_cache import access_changed
from opensend.schools.models import School, Trust


@receiver([post_save, post_delete], sender=Membership)
@receiver([post_save, post_delete], sender=School)
@receiver([post_save, post_delete], sender=Trust)
def _access_changed(sender, **kwargs) -> None:
    access_changed()
