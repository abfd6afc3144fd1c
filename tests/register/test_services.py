"""The register's invariants, in the database and in the services that change it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from opensend.audit.models import AuditEvent
from opensend.register import services
from opensend.register.models import BaseMembership, MonitoringEntry, SenNeed, SenStatus

from .helpers import give_school_a_base, give_sen, monitor

DAY = datetime.date(2026, 11, 2)


def set_status(cast, provision: str, start: datetime.date = DAY, **extra) -> SenStatus:
    return services.sen_status_set(
        actor=cast["sendco"],
        pupil=cast.taught_pupil,
        school=cast.school,
        provision=provision,
        start_date=start,
        reason="Review meeting",
        **extra,
    )


def test_the_database_refuses_a_second_open_provision_for_a_pupil(cast):
    give_sen(cast.taught_pupil, cast.school, "K", "SLCN")
    with pytest.raises(IntegrityError), transaction.atomic():
        SenStatus.objects.create(pupil=cast.taught_pupil, school=cast.school, provision="E", start_date=DAY)


def test_the_database_refuses_two_open_needs_with_the_same_rank(cast):
    give_sen(cast.taught_pupil, cast.school, "K", "SLCN")
    with pytest.raises(IntegrityError), transaction.atomic():
        SenNeed.objects.create(pupil=cast.taught_pupil, need_type="SEMH", rank=1, start_date=DAY)


def test_the_database_allows_the_same_rank_again_once_the_old_need_has_ended(cast):
    give_sen(cast.taught_pupil, cast.school, "K", "SLCN")
    SenNeed.objects.filter(pupil=cast.taught_pupil).update(end_date=DAY)
    SenNeed.objects.create(pupil=cast.taught_pupil, need_type="SEMH", rank=1, start_date=DAY)
    assert cast.taught_pupil.sen_needs.filter(end_date__isnull=True).count() == 1


def test_the_database_refuses_a_provision_that_ends_before_it_starts(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        SenStatus.objects.create(
            pupil=cast.taught_pupil, school=cast.school, provision="N", start_date=DAY, end_date=DAY.replace(day=1)
        )


def test_nsa_cannot_be_recorded_for_a_pupil_with_an_ehc_plan(cast):
    give_sen(cast.taught_pupil, cast.school, "E", "ASD")
    with pytest.raises(ValidationError, match="2175"):
        services.sen_needs_set(actor=cast["sendco"], pupil=cast.taught_pupil, school=cast.school, needs=["NSA"], on=DAY)


def test_a_pupil_with_nsa_cannot_move_to_an_ehc_plan_until_the_needs_change(cast):
    give_sen(cast.taught_pupil, cast.school, "K", "NSA", since=datetime.date(2025, 9, 1))
    with pytest.raises(ValidationError, match="NSA"):
        set_status(cast, "E")
    assert SenStatus.objects.get(pupil=cast.taught_pupil, end_date__isnull=True).provision == "K"


def test_nsa_is_allowed_with_sen_support(cast):
    give_sen(cast.taught_pupil, cast.school, "K")
    needs = services.sen_needs_set(
        actor=cast["sendco"], pupil=cast.taught_pupil, school=cast.school, needs=["NSA"], on=DAY
    )
    assert [need.need_type for need in needs] == ["NSA"]


def test_a_new_provision_closes_the_previous_one_the_day_before(cast):
    give_sen(cast.taught_pupil, cast.school, "N")
    set_status(cast, "K", parents_notified_on=DAY, parents_notified_by="meeting")
    history = list(SenStatus.objects.filter(pupil=cast.taught_pupil).order_by("start_date"))
    assert [(row.provision, row.end_date) for row in history] == [("N", DAY - datetime.timedelta(days=1)), ("K", None)]
    assert history[1].decided_by == cast["sendco"]


def test_a_new_provision_must_start_after_the_current_one(cast):
    give_sen(cast.taught_pupil, cast.school, "N", since=DAY)
    with pytest.raises(ValidationError, match="start date"):
        set_status(cast, "K", start=DAY)


def test_changing_provision_is_audited_in_the_same_transaction(cast):
    give_sen(cast.taught_pupil, cast.school, "N")
    set_status(cast, "K")
    summaries = set(AuditEvent.objects.filter(pupil=cast.taught_pupil).values_list("summary", flat=True))
    assert {"SEN provision N ended", "SEN provision set to SEN support"} <= summaries


def test_moving_to_no_sen_ends_the_needs(cast):
    give_sen(cast.taught_pupil, cast.school, "K", "SLCN", "SEMH")
    set_status(cast, "N")
    assert not cast.taught_pupil.sen_needs.filter(end_date__isnull=True).exists()


def test_joining_the_register_takes_the_pupil_off_the_monitoring_list(cast):
    give_sen(cast.taught_pupil, cast.school, "N")
    entry = monitor(cast.taught_pupil, cast.school)
    set_status(cast, "K")
    entry.refresh_from_db()
    assert (entry.ended_on, entry.end_reason) == (DAY, "Added to the SEN register")


def test_needs_are_ranked_in_the_order_given_and_the_old_ones_end(cast):
    give_sen(cast.taught_pupil, cast.school, "K", "SLCN")
    services.sen_needs_set(
        actor=cast["sendco"], pupil=cast.taught_pupil, school=cast.school, needs=["SEMH", "SLCN"], on=DAY
    )
    current = list(cast.taught_pupil.sen_needs.filter(end_date__isnull=True).values_list("need_type", "rank"))
    assert current == [("SEMH", 1), ("SLCN", 2)]
    assert cast.taught_pupil.sen_needs.filter(end_date__isnull=False).count() == 1


def test_needs_cannot_be_recorded_without_sen(cast):
    give_sen(cast.taught_pupil, cast.school, "N")
    with pytest.raises(ValidationError):
        services.sen_needs_set(
            actor=cast["sendco"], pupil=cast.taught_pupil, school=cast.school, needs=["SLCN"], on=DAY
        )


def test_monitoring_needs_a_reason(cast):
    with pytest.raises(ValidationError):
        services.monitoring_add(actor=cast["sendco"], pupil=cast.taught_pupil, school=cast.school, reason=" ", on=DAY)


def test_the_database_refuses_a_second_open_monitoring_entry_at_a_school(cast):
    monitor(cast.taught_pupil, cast.school)
    with pytest.raises(IntegrityError), transaction.atomic():
        MonitoringEntry.objects.create(pupil=cast.taught_pupil, school=cast.school, reason="Again", started_on=DAY)


def test_a_place_cannot_start_in_a_base_the_school_does_not_have(cast):
    with pytest.raises(ValidationError, match="no resourced provision"):
        services.base_membership_set(
            actor=cast["sendco"],
            pupil=cast.taught_pupil,
            school=cast.school,
            kind=BaseMembership.Kind.RESOURCED_PROVISION,
            member=True,
            on=DAY,
        )


def test_a_place_starts_and_ends_with_an_audit_event_each(cast):
    give_school_a_base(cast.school)
    arguments = {
        "actor": cast["sendco"],
        "pupil": cast.taught_pupil,
        "school": cast.school,
        "kind": BaseMembership.Kind.RESOURCED_PROVISION,
    }
    services.base_membership_set(**arguments, member=True, on=DAY)
    services.base_membership_set(**arguments, member=False, on=DAY + datetime.timedelta(days=3))
    membership = BaseMembership.objects.get(pupil=cast.taught_pupil)
    assert membership.ended_on == DAY + datetime.timedelta(days=3)
    assert AuditEvent.objects.filter(object_type="register.basemembership").count() == 2
