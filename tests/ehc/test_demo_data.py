"""The demo's local authorities and EHC needs assessment requests: every step of the clock shows."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from opensend.deadlines.engine import Status
from opensend.demo.plans import REFERENCE_DATE
from opensend.demo.reset import delete_seeded_data
from opensend.demo.seed import DEMO_EMAIL_DOMAIN, DEMO_TRUST_NAME
from opensend.ehc.clock import outcome, plan_deadlines, request_deadlines, review_deadlines
from opensend.ehc.models import AssessmentRequest, LocalAuthority, Plan, Transfer, request_errors, review_errors


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(OPENSEND_DEMO_MODE=True):
        call_command("seed_demo", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        delete_seeded_data(DEMO_TRUST_NAME, DEMO_EMAIL_DOMAIN)


def demo_requests():
    return AssessmentRequest.objects.filter(pupil__trust__name=DEMO_TRUST_NAME).select_related("local_authority")


def test_the_demo_trust_works_with_its_own_and_three_other_local_authorities(demo, db):
    names = set(LocalAuthority.objects.filter(trust__name=DEMO_TRUST_NAME).values_list("name", flat=True))
    assert names == {"Lincolnshire", "Kent", "Wandsworth", "Cambridgeshire"}


def test_the_demo_has_a_request_at_every_step(demo, db):
    outcomes = {outcome(request) for request in demo_requests()}
    assert outcomes == {
        "Waiting for the decision to assess",
        "Refused to assess",
        "Being assessed",
        "Draft plan sent",
        "Assessed, no plan",
        "Plan issued",
    }


def test_every_demo_request_is_valid_and_shows_each_kind_of_status(demo, db):
    statuses = set()
    for request in demo_requests():
        assert request_errors(request, today=REFERENCE_DATE) == {}, request
        statuses |= {item.status for item in request_deadlines(request, today=REFERENCE_DATE)}
    assert {Status.MET, Status.OVERDUE, Status.DUE_SOON, Status.WAIVED} <= statuses


def test_one_demo_request_at_each_school_has_a_reg_10_4_exception_with_its_reason(demo, db):
    excepted = demo_requests().exclude(exception="")
    assert excepted.count() == demo_requests().values("school").distinct().count()
    assert all("summer holiday" in request.exception_details for request in excepted)


def demo_plans():
    return Plan.objects.filter(pupil__trust__name=DEMO_TRUST_NAME)


def test_the_demo_has_plans_from_at_least_three_local_authorities(demo, db):
    assert demo_plans().values("local_authority").distinct().count() >= 3


def test_the_demo_has_reviews_due_overdue_done_and_amendments_in_progress(demo, db):
    statuses = set()
    for plan in demo_plans().prefetch_related("reviews"):
        reviews = list(plan.reviews.all())
        statuses |= {(item.rule.id, item.status) for item in plan_deadlines(plan, reviews, today=REFERENCE_DATE)}
        for review in reviews:
            assert review_errors(review, today=REFERENCE_DATE) == {}, review
            statuses |= {(item.rule.id, item.status) for item in review_deadlines(review, today=REFERENCE_DATE)}
    assert ("annual-review-due", Status.OVERDUE) in statuses
    assert ("annual-review-due", Status.UPCOMING) in statuses
    assert ("ar-invitations", Status.DUE_SOON) in statuses
    assert ("ar-la-decision", Status.MET) in statuses
    assert ("amendment-final-plan", Status.UPCOMING) in statuses


def test_the_demo_has_a_year_6_and_a_year_11_phase_transfer(demo, db):
    transfers = set(demo_plans().exclude(transfer="").values_list("transfer", flat=True))
    assert transfers == {Transfer.OTHER, Transfer.POST16}


def test_the_demo_plans_have_owners_outcomes_progress_and_linked_provision(demo, db):
    from opensend.ehc.models import OutcomeProgress, ProvisionLine

    plans = Plan.objects.filter(pupil__trust__name=DEMO_TRUST_NAME)
    assert not plans.filter(case_owner__isnull=True).exists()
    owners = set(plans.values_list("case_owner__memberships__role", flat=True))
    assert {"sendco", "assistant-sendco"} <= owners
    lines = ProvisionLine.objects.filter(plan__in=plans)
    assert lines.filter(provisions__isnull=False).exists(), "some lines are delivered by demo provision"
    assert lines.filter(provisions__isnull=True).exists(), "and some are not yet delivered"
    progress = OutcomeProgress.objects.filter(review__plan__in=plans)
    assert progress.exists() and not progress.filter(review__held=False).exists()


def test_the_demo_has_under_five_plans_reviewed_as_their_local_authority_asks(demo, db):
    plans = Plan.objects.select_related("pupil").filter(
        pupil__trust__name=DEMO_TRUST_NAME, under_five_review_months__isnull=False
    )
    assert plans
    for plan in plans:
        next_review = plan_deadlines(plan, [], today=REFERENCE_DATE)[0]
        assert next_review.rule.id == "under-five-review-due"
        assert next_review.status == Status.DUE_SOON
