"""Changes to the frameworks and the top-up applications. Each runs in one transaction with its
audit entry (before and after); edits quote the version they started from and are refused if it has
moved on; nothing is deleted, only archived with a reason."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from opensend.audit.models import AuditEvent
from opensend.audit.services import archive_with_audit, audit_change, diff, snapshot
from opensend.schools.models import School

from .models import Application, Band, Framework

FRAMEWORK_FIELDS = ("local_authority", "name", "notes")
BAND_FIELDS = ("code", "description", "annual_amount")
APPLICATION_FIELDS = (
    "local_authority",
    "band",
    "amount_asked",
    "amount_awarded",
    "status",
    "starts_on",
    "ends_on",
    "renewal_on",
    "submitted_on",
    "decided_on",
    "notes",
)
LINKS = ("provisions", "provision_lines")


class StaleEditError(Exception):
    """Someone else saved this after the person opened it."""


def _strip(values: Mapping, allowed: Iterable[str]) -> dict:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"Unknown fields: {', '.join(sorted(unknown))}")
    return {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}


def _locked(model, instance, expected_version: int):
    current = model.objects.select_for_update().get(pk=instance.pk)
    if current.version != expected_version or current.is_archived:
        raise StaleEditError
    return current


def _same_school(school: School, *records) -> None:
    for record in records:
        if record is not None and getattr(record, "school_id", school.pk) != school.pk:
            raise ValidationError("That record belongs to another school.")


def _trust_la(school: School, local_authority) -> None:
    if local_authority is not None and local_authority.trust_id != school.trust_id:
        raise ValidationError({"local_authority": "Choose a local authority your trust works with"})


# --- Frameworks -------------------------------------------------------------------------------------


def framework_create(*, actor, school: School, values: Mapping) -> Framework:
    values = _strip(values, FRAMEWORK_FIELDS)
    with transaction.atomic():
        framework = Framework(school=school, created_by=actor, **values)
        _trust_la(school, framework.local_authority)
        framework.full_clean()
        framework.save()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=framework,
            changes=diff({}, snapshot(framework, FRAMEWORK_FIELDS)),
            school=school,
            summary=f"Added the funding framework {framework.name}",
        )
    return framework


def framework_update(
    *, actor, school: School, framework: Framework, expected_version: int, values: Mapping
) -> Framework:
    values = _strip(values, FRAMEWORK_FIELDS)
    _same_school(school, framework)
    with transaction.atomic():
        current = _locked(Framework, framework, expected_version)
        before = snapshot(current, FRAMEWORK_FIELDS)
        for name, value in values.items():
            setattr(current, name, value)
        _trust_la(school, current.local_authority)
        if (
            current.local_authority_id != framework.local_authority_id
            and current.bands.filter(applications__isnull=False).exists()
        ):
            raise ValidationError(
                {"local_authority": "Applications use this framework's bands: it stays with its local authority"}
            )
        changes = diff(before, snapshot(current, FRAMEWORK_FIELDS))
        if not changes:
            return current
        current.full_clean()
        current.save_next_version()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=current,
            changes=changes,
            school=school,
            summary=f"Changed the funding framework {current.name}",
        )
    return current


def framework_archive(*, actor, school: School, framework: Framework, expected_version: int, reason: str) -> Framework:
    _same_school(school, framework)
    with transaction.atomic():
        _locked(Framework, framework, expected_version)
        return archive_with_audit(
            actor=actor,
            instance=framework,
            pupil=None,
            school=school,
            reason=reason,
            summary=f"Archived the funding framework {framework.name}",
        )


def band_add(*, actor, school: School, framework: Framework, values: Mapping) -> Band:
    values = _strip(values, BAND_FIELDS)
    _same_school(school, framework)
    with transaction.atomic():
        band = Band(framework=framework, **values)
        band.full_clean()
        if framework.bands.active().filter(code__iexact=band.code).exists():
            raise ValidationError({"code": "This framework already has a band with this code: choose another"})
        band.save()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=band,
            changes=diff({}, snapshot(band, BAND_FIELDS)),
            school=school,
            summary=f"Added the band {band.code} to {framework.name}",
        )
    return band


def band_archive(*, actor, school: School, band: Band, reason: str) -> Band:
    _same_school(school, band.framework)
    return archive_with_audit(
        actor=actor,
        instance=band,
        pupil=None,
        school=school,
        reason=reason,
        summary=f"Archived the band {band.code} of {band.framework.name}",
    )


# --- Applications -----------------------------------------------------------------------------------


def _links(application: Application) -> dict[str, list[str]]:
    return {name: sorted(str(pk) for pk in getattr(application, name).values_list("pk", flat=True)) for name in LINKS}


def _check_links(application: Application, links: Mapping) -> None:
    for provision in links.get("provisions", ()):
        if (
            provision.school_id != application.school_id
            or not provision.members.filter(pupil=application.pupil).exists()
        ):
            raise ValidationError({"provisions": "Choose provision this pupil is in at your school"})
    for line in links.get("provision_lines", ()):
        if line.plan.pupil_id != application.pupil_id or line.plan.school_id != application.school_id:
            raise ValidationError({"provision_lines": "Choose lines of this pupil's EHC plan"})


def _check_application(school: School, application: Application) -> None:
    _trust_la(school, application.local_authority)
    if application.band_id and application.band.framework.school_id != school.pk:
        raise ValidationError({"band": "Choose a band of one of your school's frameworks"})
    if application.band_id and application.band.is_archived:
        raise ValidationError({"band": "That band has been archived: choose another"})


def _set_links(application: Application, links: Mapping) -> None:
    for name in LINKS:
        if name in links:
            getattr(application, name).set(links[name])


def _summary(application: Application, verb: str) -> str:
    return f"{verb} a top-up funding application ({application.get_status_display().lower()})"


def application_create(*, actor, school: School, pupil, values: Mapping) -> Application:
    values = _strip(values, (*APPLICATION_FIELDS, *LINKS))
    links = {name: values.pop(name) for name in LINKS if name in values}
    with transaction.atomic():
        application = Application(pupil=pupil, school=school, created_by=actor, **values)
        _check_application(school, application)
        application.full_clean()
        _check_links(application, links)
        application.save()
        _set_links(application, links)
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=application,
            changes=diff({}, {**snapshot(application, APPLICATION_FIELDS), **_links(application)}),
            pupil=pupil,
            school=school,
            summary=_summary(application, "Recorded"),
        )
    return application


def application_update(
    *, actor, school: School, application: Application, expected_version: int, values: Mapping
) -> Application:
    values = _strip(values, (*APPLICATION_FIELDS, *LINKS))
    links = {name: values.pop(name) for name in LINKS if name in values}
    _same_school(school, application)
    with transaction.atomic():
        current = _locked(Application, application, expected_version)
        before = {**snapshot(current, APPLICATION_FIELDS), **_links(current)}
        for name, value in values.items():
            setattr(current, name, value)
        _check_application(school, current)
        current.full_clean()
        _check_links(current, links)
        _set_links(current, links)
        changes = diff(before, {**snapshot(current, APPLICATION_FIELDS), **_links(current)})
        if not changes:
            return current
        current.save_next_version()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=current,
            changes=changes,
            pupil=current.pupil,
            school=school,
            summary=_summary(current, "Changed"),
        )
    return current


def application_archive(
    *, actor, school: School, application: Application, expected_version: int, reason: str
) -> Application:
    _same_school(school, application)
    with transaction.atomic():
        _locked(Application, application, expected_version)
        return archive_with_audit(
            actor=actor,
            instance=application,
            pupil=application.pupil,
            school=school,
            reason=reason,
            summary="Archived a top-up funding application",
        )
