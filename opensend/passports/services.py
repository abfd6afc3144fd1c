"""Saving a pupil passport: every save is a new version, written with its audit entry in one
transaction. A save based on an older version than the current one is refused, so two people
editing at once cannot silently undo each other's words."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_change, diff
from opensend.pupils.models import Pupil
from opensend.schools.models import School

from .models import SECTION_FIELDS, PassportPhoto, PassportSuggestion, PassportVersion, section_problem
from .photos import CleanPhoto

# What a version holds besides its photo, and what the audit entry compares.
CONTENT_FIELDS = (*SECTION_FIELDS, "voice_method", "voice_note")

STALE_MESSAGE = (
    "Someone else saved a newer version of this passport after you opened it. Your changes have not "
    "been saved. Copy anything you want to keep, then open the passport again to see the newest "
    "version and make your changes there."
)


class StalePassportError(Exception):
    """The person's form was based on an older version than the current one."""


def current_version(pupil: Pupil) -> PassportVersion | None:
    return pupil.passport_versions.order_by("-number").first()


def _content(version: PassportVersion | None) -> dict[str, str]:
    if version is None:
        return {}
    return {name: getattr(version, name) for name in CONTENT_FIELDS}


def passport_save(
    *,
    actor,
    pupil: Pupil,
    school: School,
    based_on: int,
    content: Mapping[str, str],
    photo: CleanPhoto | None = None,
    remove_photo: bool = False,
) -> PassportVersion:
    """Save the next version of the pupil's passport from `content` (every field in CONTENT_FIELDS).

    `based_on` is the version number the person's form started from (0 for a first passport). The
    photo is carried forward from the current version unless a new one is given or `remove_photo`.
    Returns the current version unchanged if nothing differs from it.
    """
    unknown = set(content) - set(CONTENT_FIELDS)
    if unknown:
        raise ValueError(f"Not part of a passport: {', '.join(sorted(unknown))}")
    values = {name: str(content.get(name, "")).strip() for name in CONTENT_FIELDS}
    too_long = {name: section_problem(values[name]) for name in SECTION_FIELDS if section_problem(values[name])}
    if too_long:
        raise ValidationError(too_long)
    if not values["own_words"]:
        values["voice_method"] = ""
        values["voice_note"] = ""
    elif not values["voice_method"]:
        raise ValidationError({"voice_method": "Say how the pupil's words were gathered."})
    if not any(values[name] for name in SECTION_FIELDS):
        raise ValidationError("Write at least one section of the passport.")

    try:
        with transaction.atomic():
            # One save at a time per pupil: the second waits here, then finds itself stale.
            Pupil.objects.select_for_update().filter(pk=pupil.pk).first()
            current = current_version(pupil)
            current_number = current.number if current else 0
            if based_on != current_number:
                raise StalePassportError
            previous_photo_id = current.photo_id if current else None
            photo_id = None if remove_photo else previous_photo_id
            if photo is None and current is not None and values == _content(current) and photo_id == previous_photo_id:
                return current
            if photo is not None:
                new_photo = PassportPhoto(
                    pupil=pupil,
                    content=photo.content,
                    content_type=photo.content_type,
                    size=len(photo.content),
                    created_by=actor,
                )
                new_photo.save()
                photo_id = new_photo.pk
            version = PassportVersion(
                pupil=pupil, school=school, number=current_number + 1, photo_id=photo_id, created_by=actor, **values
            )
            version.full_clean()
            version.save()
            changes = diff(_content(current), values)
            if photo_id != previous_photo_id:
                # Which photo, not the photo itself: the audit log holds no images.
                changes["photo"] = [previous_photo_id, photo_id]
            audit_change(
                actor=actor,
                action=AuditEvent.Action.CREATE,
                instance=version,
                pupil=pupil,
                school=school,
                changes=changes,
                summary=f"Pupil passport version {version.number} saved",
            )
    except IntegrityError as error:
        # Two first saves at once on a database without row locks: the unique number decides.
        raise StalePassportError from error
    return version


# --- Suggestions: a change to one section, proposed by someone who works with the pupil ----------

SUGGESTION_DECIDED_MESSAGE = "Someone else has already decided on this suggestion."


class SuggestionDecidedError(Exception):
    """The suggestion was accepted or declined by someone else after the page was opened."""


def suggestion_make(
    *, actor, pupil: Pupil, school: School, section: str, text: str, reason: str = ""
) -> PassportSuggestion:
    current = current_version(pupil)
    suggestion = PassportSuggestion(
        pupil=pupil,
        school=school,
        section=section,
        text=text.strip(),
        reason=reason.strip(),
        based_on=current.number if current else 0,
        suggested_by=actor,
    )
    suggestion.full_clean()
    problem = section_problem(suggestion.text)
    if problem:
        raise ValidationError({"text": problem})
    with transaction.atomic():
        suggestion.save()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=suggestion,
            pupil=pupil,
            school=school,
            changes=diff({}, {"section": section, "text": suggestion.text, "reason": suggestion.reason}),
            summary=f"Change to the passport suggested: {suggestion.get_section_display()}",
        )
    return suggestion


def _lock_waiting(suggestion: PassportSuggestion) -> PassportSuggestion:
    current = PassportSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if not current.is_waiting:
        raise SuggestionDecidedError
    return current


def _record_decision(*, actor, suggestion: PassportSuggestion, school: School, status: str, note: str) -> None:
    suggestion.status = status
    suggestion.decided_by = actor
    suggestion.decided_at = timezone.now()
    suggestion.decision_note = note.strip()
    suggestion.save()
    audit_change(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=suggestion,
        pupil=suggestion.pupil,
        school=school,
        changes={
            "status": [PassportSuggestion.Status.WAITING, status],
            "decision_note": ["", suggestion.decision_note],
        },
        summary=f"Suggested change to the passport {suggestion.get_status_display().lower()}",
    )


def suggestion_accept(*, actor, suggestion: PassportSuggestion, school: School, note: str = "") -> PassportVersion:
    """Save the next version of the passport with the suggested section, and mark the suggestion accepted."""
    with transaction.atomic():
        current_suggestion = _lock_waiting(suggestion)
        pupil = current_suggestion.pupil
        current = current_version(pupil)
        content = _content(current) | {current_suggestion.section: current_suggestion.text}
        version = passport_save(
            actor=actor,
            pupil=pupil,
            school=school,
            based_on=current.number if current else 0,
            content=content,
        )
        current_suggestion.accepted_version = version
        _record_decision(
            actor=actor,
            suggestion=current_suggestion,
            school=school,
            status=PassportSuggestion.Status.ACCEPTED,
            note=note,
        )
    return version


def suggestion_decline(*, actor, suggestion: PassportSuggestion, school: School, note: str) -> PassportSuggestion:
    if not note.strip():
        raise ValidationError({"note": "Enter why the suggestion is declined"})
    with transaction.atomic():
        current_suggestion = _lock_waiting(suggestion)
        _record_decision(
            actor=actor,
            suggestion=current_suggestion,
            school=school,
            status=PassportSuggestion.Status.DECLINED,
            note=note,
        )
    return current_suggestion
