"""A school may keep a kind of record longer than the retention schedule says, never shorter, with
its reason recorded and audited; what is due follows the school's own period."""

from __future__ import annotations

import pytest
from django.urls import reverse

from opensend.audit.models import AuditEvent
from opensend.dataprotection import selectors
from opensend.dataprotection.models import RetentionOverride, RetentionRule

from .test_retention import born_years_ago, former_send_pupil

pytestmark = pytest.mark.django_db


def period_url(cast, key: str = "sen-file") -> str:
    return reverse("dataprotection:retention-period", kwargs={"urn": cast.school.urn, "rule_key": key})


def set_period(cast, years, *, reason: str = "Trust records policy", seen: int = 31, role: str = "sendco"):
    data = {"period_years": str(years), "reason": reason, "seen_years": str(seen)}
    return cast.client_for(role).post(period_url(cast), data)


def sen_file() -> RetentionRule:
    return RetentionRule.objects.get(key="sen-file")


def test_a_longer_period_with_a_reason_is_kept_and_what_is_due_follows_it(cast):
    pupil = former_send_pupil(cast, born=born_years_ago(32))
    assert list(selectors.due_pupils(sen_file(), cast.school)) == [pupil]
    response = set_period(cast, 35, reason="Legal hold while a claim is open")
    assert response.status_code == 302
    assert selectors.period_years(sen_file(), cast.school) == 35
    assert list(selectors.due_pupils(sen_file(), cast.school)) == []
    # The other school of the trust still keeps the schedule's period.
    assert selectors.period_years(sen_file(), cast.other_school) == 31
    page = cast.client_for("sendco").get(reverse("dataprotection:retention", kwargs={"urn": cast.school.urn}))
    text = page.content.decode()
    assert "Date of birth + 35 years" in text and "Legal hold while a claim is open" in text


def test_the_due_list_counts_its_dates_from_the_schools_period(cast):
    former_send_pupil(cast, born=born_years_ago(41))
    set_period(cast, 40)
    row = selectors.due_rows(sen_file(), cast.school, limit=10)[0]
    assert row.due_on == born_years_ago(41).replace(year=born_years_ago(41).year + 40)


def test_a_shorter_period_than_the_schedule_is_refused_naming_the_field(cast):
    response = set_period(cast, 25)
    assert response.status_code == 400
    assert "The period must be at least 31 years" in response.content.decode()
    assert not RetentionOverride.objects.exists()


def test_a_period_needs_a_reason_and_a_whole_number(cast):
    assert "Enter why the school keeps these records" in set_period(cast, 35, reason="").content.decode()
    assert "whole number" in set_period(cast, "thirty").content.decode()
    assert not RetentionOverride.objects.exists()


def test_a_new_choice_ends_the_last_one_and_the_history_stays(cast):
    set_period(cast, 35)
    assert set_period(cast, 40, reason="Local authority advice", seen=35).status_code == 302
    history = list(selectors.override_history(sen_file(), cast.school))
    assert [(o.period_years, o.ended_at is None) for o in history] == [(40, True), (35, False)]
    assert set_period(cast, 31, reason="Back to the schedule", seen=40).status_code == 302
    assert selectors.period_years(sen_file(), cast.school) == 31


def test_a_change_made_meanwhile_is_not_overwritten(cast):
    set_period(cast, 35)
    response = set_period(cast, 40, seen=31)  # the page was opened before the change to 35
    assert response.status_code == 409
    assert "Someone else changed this period" in response.content.decode()
    assert selectors.period_years(sen_file(), cast.school) == 35


def test_the_change_is_audited_with_before_and_after(cast):
    set_period(cast, 35, reason="Legal hold")
    event = AuditEvent.objects.get(object_type="dataprotection.retentionoverride")
    assert event.changes["period_years"] == [31, 35]
    assert event.school == cast.school and event.actor == cast["sendco"]


def test_the_data_protection_officer_reads_the_schedule_but_cannot_change_a_period(cast):
    assert set_period(cast, 35, role="dpo").status_code == 404
    page = cast.client_for("dpo").get(reverse("dataprotection:retention", kwargs={"urn": cast.school.urn}))
    assert period_url(cast) not in page.content.decode()
    assert not RetentionOverride.objects.exists()


def test_a_rule_that_is_never_destroyed_has_no_period_to_change(cast):
    review_only = RetentionRule.objects.exclude(action=RetentionRule.Action.DESTROY).first()
    if review_only is None:
        pytest.skip("the schedule has no review-only rule")
    assert cast.client_for("sendco").get(period_url(cast, review_only.key)).status_code == 404
