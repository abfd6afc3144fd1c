"""A script and markup payload in every free-text field of every model people write, each payload
tagged with its field so a page that shows it says which one it is."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.apps import apps
from django.db import models

from opensend.family.models import FamilyContact
from opensend.identification.models import Contribution, ContributionRequest
from opensend.passports.models import PassportVersion
from opensend.plans.models import MeetingAction
from opensend.pupils.models import Contact
from opensend.register.models import MonitoringEntry
from opensend.schools.models import School
from tests.browser.conftest import give_a_send_record
from tests.identification.helpers import a_concern
from tests.plans.factories import MeetingFactory, NoteFactory, OutcomeFactory, TargetFactory, closed_cycle_for
from tests.register.helpers import place_in_base

# Free text the system writes, or values checked against a fixed form before they are stored: not
# places a person can put markup.
NOT_FREE_TEXT = {
    "schools.School.urn": "six digits, checked",
    "schools.School.la_code": "three digits, checked",
    "schools.School.establishment_number": "four digits, checked",
    "schools.AcademicYear.name": "written by the system, e.g. 2026/27",
    "accounts.User.password": "a hash",
    "accounts.User.email": "an email address, checked",
    "pupils.Pupil.upn": "a UPN, checked",
    "pupils.Pupil.sort_key": "worked out from the names",
    "pupils.Contact.email": "an email address, checked",
    "pupils.ImportJob.content": "the uploaded file, never shown",
    "audit.AuditEvent.actor_label": "written by the system; the log refuses changes",
    "audit.AuditEvent.object_type": "written by the system",
    "audit.AuditEvent.object_id": "written by the system",
    "audit.AuditEvent.summary": "written by the system",
    "dataprotection.RetentionRule.key": "a fixed key, written by a migration",
}
LONG = '<script>x{tag}</script>"><img src=x onerror=alert(1)>'
SHORT = "<u>{tag}</u>"
# What a payload looks like if it reached a page unescaped.
RAW = re.compile(r"<script>x|<img src=x onerror|<u>F\d")
ESCAPED = re.compile(r"&lt;(?:script|u)&gt;x?(F\d\d\d)")


@dataclass(frozen=True)
class Field:
    model: type[models.Model]
    name: str
    max_length: int | None

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.name}"


def free_text_fields() -> list[Field]:
    """Every CharField and TextField without fixed choices on our models, less NOT_FREE_TEXT."""
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("opensend."):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.CharField | models.TextField) and not field.choices:
                candidate = Field(model, field.name, field.max_length)
                if candidate.label not in NOT_FREE_TEXT:
                    found.append(candidate)
    return found


def payload(tag: str, max_length: int | None, row: int) -> str:
    """The row's number at the end keeps values that must be unique (a group's name) apart."""
    long = f"{LONG.format(tag=tag)} {row}"
    return long if max_length is None or len(long) <= max_length else f"{SHORT.format(tag=tag)}{row}"[:max_length]


def fill_every_record(cast) -> dict[str, str]:
    """A SEND record of every kind, then the payloads written over every free-text field of every
    row. The tag of each field written (F001, F002...) against the field's label."""
    _records_of_every_kind(cast)
    tags = {}
    for number, field in enumerate(free_text_fields(), start=1):
        tag = f"F{number:03d}"
        # A plain queryset: passport versions refuse updates through their own, and these rows are
        # the test's to write.
        # Over the text there is, as a person would write it: some fields are blank by rule (a
        # parent's name on a request to a member of staff).
        rows = models.QuerySet(field.model).exclude(**{field.name: ""})
        for pk in rows.values_list("pk", flat=True):
            rows.filter(pk=pk).update(**{field.name: payload(tag, field.max_length, pk)})
            tags[tag] = field.label
    return tags


def _records_of_every_kind(cast) -> None:
    day = datetime.date(2026, 10, 5)
    # A base's name is free text only where the school has the base (a database constraint).
    School.objects.update(
        has_sen_unit=True, has_resourced_provision=True, sen_unit_name="Unit", resourced_provision_name="Base"
    )
    place_in_base(cast.taught_pupil, cast.school)
    for pupil in (cast.taught_pupil, cast.looked_after_pupil):
        give_a_send_record(cast, pupil)
        Contact.objects.create(pupil=pupil, name="Parent", relationship="mother", phone="01234 567890")
    MonitoringEntry.objects.create(pupil=cast.taught_pupil, school=cast.school, started_on=day, reason="Watch")
    MonitoringEntry.objects.create(
        pupil=cast.looked_after_pupil,
        school=cast.school,
        started_on=day,
        ended_on=day,
        reason="Watch",
        end_reason="Done",
    )
    # Closed, so the pupil's plans offer a new cycle and its page lists the plan templates.
    cycle = closed_cycle_for(cast, cast.untaught_pupil, what_worked="Worked")
    TargetFactory(outcome=OutcomeFactory(cycle=cycle, position=2), review_comment="Comment")
    NoteFactory(cycle=cycle, author=cast["teacher"])
    meeting = MeetingFactory(
        pupil=cast.taught_pupil,
        school=cast.school,
        recorded_by=cast["sendco"],
        notes="n",
        decisions="a",
        pupil_views="p",
        family_views="f",
    )
    MeetingAction.objects.create(meeting=meeting, description="Do", owner=cast["sendco"], due_on=day)
    carer = Contact.objects.filter(pupil=cast.taught_pupil).first()
    Contact.objects.filter(pk=carer.pk).update(language="Polish", accessibility_needs="Large print")
    FamilyContact.objects.create(
        pupil=cast.taught_pupil,
        school=cast.school,
        contact_with=carer,
        method="call",
        contacted_on=day,
        by=cast["sendco"],
        said="Said",
        agreed="Agreed",
        follow_up="Ring",
        follow_up_by=day,
    )
    a_concern(
        cast,
        pupil=cast.looked_after_pupil,
        status="decided",
        decision="closed",
        decided_on=day,
        decision_reason="No SEN",
    )
    concern = a_concern(cast, parents_view="Worried")
    ContributionRequest.objects.create(
        concern=concern, asked_by=cast["sendco"], asked_on=day, parent_name="Parent", message="Please tell us"
    )
    Contribution.objects.create(
        concern=concern, kind="parent", parent_name="Parent", recorded_by=cast["sendco"], given_on=day, text="Said"
    )
    ContributionRequest.objects.create(
        concern=concern, asked=cast["ta"], asked_by=cast["sendco"], asked_on=day, message="Please add your view"
    )
    # The pupil's own words need a way they were gathered (a database constraint).
    models.QuerySet(PassportVersion).update(voice_method=PassportVersion._meta.get_field("voice_method").choices[0][0])
