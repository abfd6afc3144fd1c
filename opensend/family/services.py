"""Changes to the family contact log and to parents' communication needs, each in one transaction
with its audit entry."""

from __future__ import annotations

import datetime
import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_change, diff, snapshot
from opensend.pupils.models import Contact, Pupil
from opensend.schools.models import School

from .models import FamilyContact

CONTACT_FIELDS = ("contact_with", "method", "contacted_on", "said", "agreed", "follow_up", "follow_up_by")
NEEDS_FIELDS = ("language", "interpreter_needed", "preferred_contact", "accessibility_needs")


class NeedsChangedError(Exception):
    """Someone else changed the communication needs after this edit was opened."""


def needs_fingerprint(contact: Contact) -> str:
    """A short digest of the contact's communication needs as they stand, carried by the edit form
    so that saving over a change made meanwhile is refused (contacts carry no version)."""
    values = json.dumps([getattr(contact, name) for name in NEEDS_FIELDS])
    return hashlib.sha256(values.encode()).hexdigest()[:16]


class FollowUpAlreadyDoneError(Exception):
    """The follow-up was marked done already, perhaps by someone else."""


def contact_record(
    *,
    actor,
    pupil: Pupil,
    school: School,
    contact_with: Contact,
    method: str,
    contacted_on: datetime.date,
    said: str,
    agreed: str = "",
    follow_up: str = "",
    follow_up_by: datetime.date | None = None,
) -> FamilyContact:
    """Log a contact with one of the pupil's parents or carers, with anything to follow up by a date."""
    if contact_with.pupil_id != pupil.pk or contact_with.is_archived:
        raise ValidationError({"contact_with": "Choose one of this pupil's parents or carers"})
    if contacted_on > timezone.localdate():
        raise ValidationError({"contacted_on": "The date of the contact must be today or in the past"})
    follow_up = follow_up.strip()
    if follow_up and follow_up_by is None:
        raise ValidationError({"follow_up_by": "Enter the date to follow up by"})
    if follow_up_by is not None and not follow_up:
        raise ValidationError({"follow_up": "Enter what is to be followed up"})
    with transaction.atomic():
        entry = FamilyContact(
            pupil=pupil,
            school=school,
            contact_with=contact_with,
            method=method,
            contacted_on=contacted_on,
            by=actor,
            said=said.strip(),
            agreed=agreed.strip(),
            follow_up=follow_up,
            follow_up_by=follow_up_by,
        )
        entry.full_clean()
        entry.save()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=entry,
            pupil=pupil,
            school=school,
            changes=diff({}, snapshot(entry, CONTACT_FIELDS)),
            summary=f"Contact with the family logged: {entry.get_method_display().lower()}",
        )
    return entry


def follow_up_done(*, actor, entry: FamilyContact, school: School) -> FamilyContact:
    """Mark a contact's follow-up done today; done once, never undone."""
    with transaction.atomic():
        current = FamilyContact.objects.select_for_update().select_related("pupil").get(pk=entry.pk)
        if not current.follow_up_open:
            raise FollowUpAlreadyDoneError
        current.follow_up_done_on = timezone.localdate()
        current.save(update_fields=["follow_up_done_on", "updated_at"])
        audit_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=current,
            pupil=current.pupil,
            school=school,
            changes={"follow_up_done_on": [None, current.follow_up_done_on.isoformat()]},
            summary="Follow-up with the family marked done",
        )
    return current


def communication_needs_update(
    *,
    actor,
    contact: Contact,
    school: School,
    language: str,
    interpreter_needed: bool,
    preferred_contact: str,
    accessibility_needs: str,
    seen: str | None = None,
) -> Contact:
    """What helps the school reach a parent or carer: language, interpreter, preferred contact, access.
    `seen` is the needs' fingerprint when the edit was opened: a change made since is refused."""
    with transaction.atomic():
        current = Contact.objects.select_for_update().select_related("pupil").get(pk=contact.pk)
        if seen is not None and seen != needs_fingerprint(current):
            raise NeedsChangedError
        before = snapshot(current, NEEDS_FIELDS)
        current.language = language.strip()
        current.interpreter_needed = interpreter_needed
        current.preferred_contact = preferred_contact
        current.accessibility_needs = accessibility_needs.strip()
        current.full_clean()
        current.save()
        changes = diff(before, snapshot(current, NEEDS_FIELDS))
        if changes:
            audit_change(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                instance=current,
                pupil=current.pupil,
                school=school,
                changes=changes,
                summary=f"Communication needs of {current.name} changed",
            )
    return current
