"""The retention schedule is data; what has reached its date is listed by a read-only command and a
page; records are destroyed only when a SENDCo or head confirms it, with a reason, leaving a record
of what kind, how many, when and who, and nothing about the pupils."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_view
from opensend.dataprotection import selectors
from opensend.dataprotection.models import DestructionRecord, RetentionRule
from opensend.ehc.models import AnnualReview, Plan, PlanDocument, PlanOutcome, ProvisionLine
from opensend.passports.models import PassportPhoto, PassportVersion
from opensend.plans.models import Cycle, Target
from opensend.provision.models import Attendance, Member, Session
from opensend.pupils.models import Enrolment, Pupil
from opensend.register.models import SenStatus
from tests.ehc.factories import AnnualReviewFactory, PlanDocumentFactory, PlanFactory
from tests.factories import EnrolmentFactory, YearGroupFactory
from tests.provision.factories import provision_for
from tests.register.helpers import give_sen

from .helpers import fill_record, former_pupil

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LEFT = datetime.date(2005, 7, 20)


def sen_file_rule() -> RetentionRule:
    return RetentionRule.objects.get(key="sen-file")


def born_years_ago(years: int, days: int = 0) -> datetime.date:
    return selectors.years_before(TODAY, years) - datetime.timedelta(days=days)


def former_send_pupil(cast, *, born: datetime.date, **fields) -> Pupil:
    pupil = former_pupil(cast, born=born, left=LEFT, **fields)
    give_sen(pupil, cast.school, "K", "SPLD", since=datetime.date(2003, 9, 1))
    return pupil


def due_url(cast, key: str = "sen-file") -> str:
    return reverse("dataprotection:retention-due", kwargs={"urn": cast.school.urn, "rule_key": key})


def test_the_schedule_is_seeded_with_the_sen_file_at_date_of_birth_plus_31_years():
    rule = sen_file_rule()
    assert (rule.trigger, rule.period_years, rule.action) == ("date-of-birth", 31, "destroy")
    assert "last school" in rule.held_by
    assert set(RetentionRule.objects.values_list("key", flat=True)) == {"sen-file", "pupil-record", "child-protection"}


def test_a_birthday_on_29_february_counts_to_1_march_in_a_common_year():
    rule = sen_file_rule()
    assert selectors.due_date(rule.period_years, datetime.date(2000, 2, 29)) == datetime.date(2031, 3, 1)
    assert selectors.years_before(datetime.date(2032, 2, 29), 31) == datetime.date(2001, 2, 28)


def test_a_sen_file_is_due_the_day_the_pupil_reaches_31_and_not_the_day_before(cast):
    due = former_send_pupil(cast, born=born_years_ago(31))
    former_send_pupil(cast, born=born_years_ago(31, days=-1))
    assert list(selectors.due_pupils(sen_file_rule(), cast.school)) == [due]


def test_a_pupil_whose_only_send_record_is_an_ehc_plan_is_kept_as_a_sen_file_to_31(cast):
    pupil = former_pupil(cast, born=born_years_ago(25), left=LEFT)
    PlanFactory(pupil=pupil, school=cast.school, local_authority__trust=cast.trust)
    pupil_record = RetentionRule.objects.get(key="pupil-record")
    assert pupil not in selectors.due_pupils(pupil_record, cast.school)
    assert pupil not in selectors.due_pupils(sen_file_rule(), cast.school)
    Pupil.objects.filter(pk=pupil.pk).update(date_of_birth=born_years_ago(31))
    assert pupil in selectors.due_pupils(sen_file_rule(), cast.school)


def test_a_record_still_on_roll_or_kept_by_a_later_school_is_not_due_here(cast):
    on_roll = former_send_pupil(cast, born=born_years_ago(40))
    Enrolment.objects.filter(pupil=on_roll).update(leaving_date=None)
    moved_on = former_send_pupil(cast, born=born_years_ago(40))
    EnrolmentFactory(
        pupil=moved_on,
        school=cast.other_school,
        year_group=YearGroupFactory(school=cast.other_school, nc_year="11"),
        admission_date=datetime.date(2006, 9, 1),
        leaving_date=datetime.date(2008, 7, 20),
    )
    assert list(selectors.due_pupils(sen_file_rule(), cast.school)) == []
    assert list(selectors.due_pupils(sen_file_rule(), cast.other_school)) == [moved_on]


def test_a_pupil_with_no_send_record_falls_under_the_pupil_record_rule_at_25(cast):
    plain = former_pupil(cast, born=born_years_ago(26), left=LEFT)
    pupil_record = RetentionRule.objects.get(key="pupil-record")
    assert list(selectors.due_pupils(pupil_record, cast.school)) == [plain]
    assert list(selectors.due_pupils(sen_file_rule(), cast.school)) == []


def test_the_review_command_lists_what_is_due_and_changes_nothing(cast):
    former_send_pupil(cast, born=born_years_ago(32))
    pupils, events = Pupil.objects.count(), AuditEvent.objects.count()
    out = StringIO()
    call_command("retention_review", stdout=out)
    assert "Oakfield Primary (100001): 1 SEN file due" in out.getvalue()
    assert "Dry run: no record was destroyed" in out.getvalue()
    assert (Pupil.objects.count(), AuditEvent.objects.count(), DestructionRecord.objects.count()) == (pupils, events, 0)


def test_the_review_command_can_look_at_one_school(cast):
    former_send_pupil(cast, born=born_years_ago(32))
    out = StringIO()
    call_command("retention_review", "--school", cast.other_school.urn, stdout=out)
    assert "Oakfield" not in out.getvalue()
    assert out.getvalue().startswith("0 record(s)")
    with pytest.raises(CommandError, match="No school has the URN 999999"):
        call_command("retention_review", "--school", "999999")


def test_the_retention_page_shows_the_schedule_and_how_many_are_due(cast):
    former_send_pupil(cast, born=born_years_ago(32))
    response = cast.client_for("dpo").get(reverse("dataprotection:retention", kwargs={"urn": cast.school.urn}))
    page = response.content.decode()
    assert "Date of birth + 31 years" in page
    assert due_url(cast) in page


def test_the_data_protection_officer_sees_what_is_due_but_cannot_destroy_it(cast):
    pupil = former_send_pupil(cast, born=born_years_ago(32), legal_surname="Longago")
    client = cast.client_for("dpo")
    page = client.get(due_url(cast)).content.decode()
    assert "Longago" in page and "Confirm destruction" not in page
    response = client.post(due_url(cast), {"reason": "Review", "confirm": "on", "pupil": [str(pupil.public_id)]})
    assert response.status_code == 404
    assert Pupil.objects.filter(pk=pupil.pk).exists()


def confirm(cast, pupils, role: str = "sendco", **data):
    values = {"reason": "Annual retention review", "confirm": "on", "pupil": [str(p.public_id) for p in pupils]}
    return cast.client_for(role).post(due_url(cast), values | data)


def test_without_the_confirmation_nothing_is_destroyed(cast):
    pupil = former_send_pupil(cast, born=born_years_ago(32))
    response = confirm(cast, [pupil], confirm="")
    assert response.status_code == 400
    assert "Confirm that these records should be destroyed" in response.content.decode()
    assert Pupil.objects.filter(pk=pupil.pk).exists()
    assert not DestructionRecord.objects.exists()


def test_without_a_reason_nothing_is_destroyed(cast):
    pupil = former_send_pupil(cast, born=born_years_ago(32))
    response = confirm(cast, [pupil], reason="")
    assert response.status_code == 400
    assert "Enter why these records are being destroyed" in response.content.decode()
    assert Pupil.objects.filter(pk=pupil.pk).exists()


def test_a_record_not_listed_as_due_cannot_be_confirmed(cast):
    pupil = former_send_pupil(cast, born=born_years_ago(32))
    response = confirm(cast, [pupil, cast.taught_pupil])
    assert response.status_code == 400
    assert Pupil.objects.filter(pk__in=[pupil.pk, cast.taught_pupil.pk]).count() == 2


def test_confirming_destroys_the_whole_record_and_its_audit_trail_and_keeps_a_record_of_it(cast):
    due = fill_record(cast, former_pupil(cast, born=born_years_ago(33), left=LEFT))
    kept = fill_record(cast)
    kept_events = AuditEvent.objects.filter(pupil=kept).count()

    response = confirm(cast, [due], role="head")

    assert response.status_code == 302
    assert not Pupil.objects.filter(pk=due.pk).exists()
    for model in (SenStatus, Cycle, PassportVersion, PassportPhoto, Enrolment):
        assert not model.objects.filter(pupil_id=due.pk).exists(), model
    assert not Target.objects.filter(outcome__cycle__pupil_id=due.pk).exists()
    assert not AuditEvent.objects.filter(pupil_id=due.pk).exists()
    assert AuditEvent.objects.filter(pupil=kept).count() == kept_events
    record = DestructionRecord.objects.get()
    assert (record.record_kind, record.records, record.confirmed_by, record.reason) == (
        "SEN file",
        1,
        cast["head"],
        "Annual retention review",
    )
    assert record.confirmed_role == "Headteacher"
    assert record.rows > 20
    event = AuditEvent.objects.get(action=AuditEvent.Action.DESTROY)
    assert event.pupil is None and event.changes == {} and due.legal_surname not in event.summary


def test_the_retention_page_lists_past_destructions_without_names(cast):
    due = former_send_pupil(cast, born=born_years_ago(33), legal_surname="Forgotten")
    confirm(cast, [due])
    page = cast.client_for("sendco").get(reverse("dataprotection:retention", kwargs={"urn": cast.school.urn}))
    text = page.content.decode()
    assert "Annual retention review" in text and cast["sendco"].email in text
    assert "Forgotten" not in text


def test_audit_events_still_cannot_be_deleted_outside_a_confirmed_destruction(cast):
    audit_view(actor=cast["sendco"], pupil=cast.taught_pupil, school=cast.school)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE pupil_id = %s", [cast.taught_pupil.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET summary = 'changed'")
    assert AuditEvent.objects.filter(pupil=cast.taught_pupil).exists()


def test_destroying_a_pupil_with_an_ehc_plan_and_provision_attendance_leaves_nothing_that_refers_to_them(
    cast, django_capture_on_commit_callbacks
):
    due = former_send_pupil(cast, born=born_years_ago(33))
    plan = PlanFactory(pupil=due, school=cast.school, local_authority__trust=cast.trust)
    AnnualReviewFactory(plan=plan)
    document = PlanDocumentFactory(plan=plan, uploaded_by=cast["sendco"])
    outcome = PlanOutcome.objects.create(plan=plan, area="cognition-learning", description="Reads fluently")
    ProvisionLine.objects.create(plan=plan, outcome=outcome, description="Daily reading", how_often="Daily")
    group = provision_for(cast, pupils=[due])
    session = Session.objects.create(
        provision=group,
        held_on=datetime.date(2005, 5, 9),
        starts_at=datetime.time(9, 15),
        minutes=20,
        held=True,
        recorded_by=cast["ta"],
    )
    Attendance.objects.create(session=session, pupil=due, attended=True)
    storage, name = document.file.storage, document.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(cast, [due])

    assert response.status_code == 302
    assert not Pupil.objects.filter(pk=due.pk).exists()
    assert not Plan.objects.filter(pk=plan.pk).exists()
    for model in (AnnualReview, PlanDocument, PlanOutcome, ProvisionLine):
        assert not model.objects.filter(plan_id=plan.pk).exists(), model
    assert not Member.objects.filter(pupil_id=due.pk).exists()
    assert not Attendance.objects.filter(pupil_id=due.pk).exists()
    assert Session.objects.filter(pk=session.pk).exists()
    assert not storage.exists(name)


def test_a_record_something_else_still_protects_is_refused_with_nothing_destroyed(cast, monkeypatch):
    due = former_send_pupil(cast, born=born_years_ago(33))

    def refuse(pupil):
        raise ProtectedError("Something outside the pupil's record still refers to it.", set())

    monkeypatch.setattr("opensend.dataprotection.services._erase_pupil", refuse)
    response = confirm(cast, [due])

    assert response.status_code == 409
    assert "Nothing was destroyed" in response.content.decode()
    assert Pupil.objects.filter(pk=due.pk).exists()
    assert not DestructionRecord.objects.exists()
