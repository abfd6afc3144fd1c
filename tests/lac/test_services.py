"""The register keeps the pupil's looked-after flags in step, with a dated history, all audited."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from opensend.audit.models import AuditEvent
from opensend.lac import services
from opensend.lac.models import Arrangement, CareEvent, CareStatus, LegalStatus, Pep

from ..ehc.factories import AnnualReviewFactory, PlanFactory

d = datetime.date
pytestmark = pytest.mark.django_db


def add(cast, pupil, **values):
    values = {"status": CareStatus.LOOKED_AFTER, "entered_care_on": d(2026, 3, 30), **values}
    return services.add_to_register(actor=cast["designated-teacher"], pupil=pupil, school=cast.school, values=values)


def test_adding_a_looked_after_pupil_sets_their_flag_and_history_and_audits_both(cast):
    pupil = cast.taught_pupil
    record = add(cast, pupil, legal_status=LegalStatus.CARE_ORDER, care_authority_name="Kirklees")
    pupil.refresh_from_db()
    assert (pupil.looked_after, pupil.previously_looked_after) == (True, False)
    assert [(e.kind, e.on) for e in record.events.all()] == [(CareEvent.Kind.ENTERED, d(2026, 3, 30))]
    summaries = set(AuditEvent.objects.filter(pupil=pupil).values_list("summary", flat=True))
    assert "Added to the designated teacher's register: looked after" in summaries
    assert "Looked-after status changed from the designated teacher's register" in summaries
    flags = AuditEvent.objects.get(pupil=pupil, object_type="pupils.pupil", action=AuditEvent.Action.UPDATE)
    assert flags.changes == {"looked_after": [False, True]}


def test_leaving_care_under_an_order_makes_the_pupil_previously_looked_after_with_dated_history(cast):
    pupil = cast.taught_pupil
    record = add(cast, pupil)
    record = services.change_status(
        actor=cast["designated-teacher"],
        school=cast.school,
        record=record,
        expected_version=record.version,
        values={
            "status": CareStatus.PREVIOUSLY,
            "left_care_on": d(2026, 9, 1),
            "arrangement": Arrangement.SPECIAL_GUARDIANSHIP,
            "arrangement_on": d(2026, 9, 1),
        },
    )
    pupil.refresh_from_db()
    assert (pupil.looked_after, pupil.previously_looked_after) == (False, True)
    assert [(e.kind, e.on, e.detail) for e in record.events.order_by("on")] == [
        (CareEvent.Kind.ENTERED, d(2026, 3, 30), ""),
        (CareEvent.Kind.ARRANGEMENT, d(2026, 9, 1), "Special guardianship order"),
    ]


def test_returning_home_clears_both_flags(cast):
    record = add(cast, cast.taught_pupil)
    services.change_status(
        actor=cast["sendco"],
        school=cast.school,
        record=record,
        expected_version=record.version,
        values={"status": CareStatus.LEFT, "left_care_on": d(2026, 6, 1)},
    )
    cast.taught_pupil.refresh_from_db()
    assert not cast.taught_pupil.looked_after and not cast.taught_pupil.previously_looked_after


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"entered_care_on": None}, "entered_care_on"),
        ({"status": CareStatus.PREVIOUSLY, "entered_care_on": None}, "arrangement"),
        ({"status": CareStatus.LEFT}, "left_care_on"),
        ({"entered_care_on": d(2099, 1, 1)}, "entered_care_on"),
    ],
)
def test_a_status_needs_its_dates_and_orders(cast, values, field):
    with pytest.raises(ValidationError) as error:
        add(cast, cast.taught_pupil, **values)
    assert field in error.value.message_dict
    cast.taught_pupil.refresh_from_db()
    assert not cast.taught_pupil.looked_after


def test_a_stale_edit_changes_nothing(cast):
    record = add(cast, cast.taught_pupil)
    services.update_contacts(
        actor=cast["sendco"],
        school=cast.school,
        record=record,
        expected_version=record.version,
        values={"social_worker_name": "Sam Fields"},
    )
    with pytest.raises(services.StaleEditError):
        services.update_contacts(
            actor=cast["sendco"],
            school=cast.school,
            record=record,
            expected_version=record.version,
            values={"social_worker_name": "Someone else"},
        )


def test_a_pep_held_with_an_annual_review_must_share_its_day(cast):
    record = add(cast, cast.taught_pupil)
    review = AnnualReviewFactory(
        plan=PlanFactory(pupil=cast.taught_pupil, school=cast.school), meeting_on=d(2026, 5, 6)
    )
    values = {"kind": Pep.Kind.INITIAL, "meeting_on": d(2026, 5, 5), "annual_review": review}
    with pytest.raises(ValidationError) as error:
        services.record_pep(actor=cast["designated-teacher"], record=record, school=cast.school, values=values)
    assert "annual_review" in error.value.message_dict
    pep = services.record_pep(
        actor=cast["designated-teacher"],
        record=record,
        school=cast.school,
        values=values | {"meeting_on": d(2026, 5, 6)},
    )
    assert pep.annual_review == review
    assert AuditEvent.objects.filter(
        object_type="lac.pep", object_id=str(pep.pk), action=AuditEvent.Action.CREATE
    ).exists()


def test_targets_progress_and_spending_are_audited(cast):
    record = add(cast, cast.taught_pupil)
    pep = services.record_pep(
        actor=cast["designated-teacher"],
        record=record,
        school=cast.school,
        values={"kind": Pep.Kind.INITIAL, "meeting_on": d(2026, 4, 20), "pp_plus_allocated": 1300},
    )
    target = services.add_target(
        actor=cast["designated-teacher"],
        pep=pep,
        school=cast.school,
        values={"description": "Times tables to 12", "progress": "not-started"},
    )
    services.update_target(
        actor=cast["designated-teacher"],
        target=target,
        school=cast.school,
        expected_version=target.version,
        values={"progress": "achieved"},
    )
    services.add_spend(
        actor=cast["designated-teacher"],
        pep=pep,
        school=cast.school,
        values={"amount": 450, "purpose": "Maths tutoring"},
    )
    target.refresh_from_db()
    assert target.progress == "achieved"
    kinds = list(AuditEvent.objects.filter(pupil=cast.taught_pupil).values_list("object_type", "action"))
    assert ("lac.peptarget", "update") in kinds and ("lac.ppplusspend", "create") in kinds


def test_a_pep_held_years_ago_is_dated_from_the_terms_of_its_own_time(cast):
    from opensend.deadlines.engine import deadline
    from opensend.lac import selectors
    from opensend.pupils.models import Pupil

    from .factories import CareRecordFactory, PepFactory

    record = CareRecordFactory(pupil=cast.taught_pupil, school=cast.school, entered_care_on=d(2019, 11, 1))
    PepFactory(record=record, kind=Pep.Kind.INITIAL, meeting_on=d(2019, 11, 20))
    PepFactory(record=record, kind=Pep.Kind.REVIEW, meeting_on=d(2020, 2, 10))
    found = selectors.open_deadlines(cast.school, Pupil.objects.all(), d(2026, 9, 1))
    reviews = sorted((item.starts, item.due) for item in found if item.rule.id == "pep-review")
    assert reviews[0] == (d(2019, 11, 20), deadline("pep-review", d(2019, 11, 20)).due)
    assert reviews[0][1] < d(2020, 4, 1)  # the end of the spring term 2020
