"""Progress on a plan's outcomes at each annual review, Section F lines linked to the provision that
delivers them, and case owners: each change audited, stale edits refused, pages in fixed queries."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from opensend.audit.models import AuditEvent
from opensend.ehc import services
from opensend.ehc.models import OutcomeProgress, PlanOutcome, Progress, ProvisionLine
from opensend.register.codes import BroadArea

from ..factories import SchoolFactory
from ..provision.factories import provision_for
from .factories import AnnualReviewFactory, LocalAuthorityFactory, PlanFactory

d = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(cast):
    authority = LocalAuthorityFactory(trust=cast.trust, code="380", name="Kirklees")
    return PlanFactory(pupil=cast.taught_pupil, school=cast.school, local_authority=authority)


def outcome(plan, text="Will read at the expected level.", area=BroadArea.COGNITION_LEARNING) -> PlanOutcome:
    return PlanOutcome.objects.create(plan=plan, area=area, description=text)


def progress_url(cast, plan, review) -> str:
    kwargs = {"pupil_id": cast.taught_pupil.public_id, "plan_id": plan.public_id, "review_id": review.public_id}
    return reverse("ehc:review-progress", kwargs=kwargs)


def provision_page(cast) -> str:
    return reverse("ehc:provision", kwargs={"pupil_id": cast.taught_pupil.public_id})


def test_the_sendco_records_progress_on_each_outcome_at_a_review(cast, plan):
    reading, talking = outcome(plan), outcome(plan, "Will talk with a peer.", BroadArea.COMMUNICATION_INTERACTION)
    review = AnnualReviewFactory(plan=plan, held=True)
    response = cast.client_for("sendco").post(
        progress_url(cast, plan, review),
        {
            "version": review.version,
            f"rating_{reading.pk}": Progress.ON_TRACK,
            f"comment_{reading.pk}": "Phonics secure.",
            f"rating_{talking.pk}": "",
        },
    )
    assert response.status_code == 302
    recorded = OutcomeProgress.objects.get()
    assert (recorded.outcome, recorded.rating, recorded.comment) == (reading, Progress.ON_TRACK, "Phonics secure.")
    event = AuditEvent.objects.get(object_type="ehc.outcomeprogress")
    assert event.changes == {"rating": [None, "on-track"], "comment": [None, "Phonics secure."]}
    assert event.pupil == cast.taught_pupil


def test_progress_is_changed_and_cleared_with_the_audit_of_each(cast, plan):
    reading = outcome(plan)
    review = AnnualReviewFactory(plan=plan, held=True)
    sendco = cast["sendco"]
    services.record_outcome_progress(
        actor=sendco, school=cast.school, review=review, expected_version=review.version,
        entries={reading: (Progress.SOME, "")},
    )  # fmt: skip
    review.refresh_from_db()
    services.record_outcome_progress(
        actor=sendco, school=cast.school, review=review, expected_version=review.version,
        entries={reading: (Progress.ACHIEVED, "Met")},
    )  # fmt: skip
    assert OutcomeProgress.objects.get().rating == Progress.ACHIEVED
    review.refresh_from_db()
    services.record_outcome_progress(
        actor=sendco, school=cast.school, review=review, expected_version=review.version, entries={reading: ("", "")}
    )
    assert not OutcomeProgress.objects.exists()
    actions = list(
        AuditEvent.objects.filter(object_type="ehc.outcomeprogress").order_by("pk").values_list("action", flat=True)
    )
    assert actions == [AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE, AuditEvent.Action.DESTROY]


def test_a_stale_progress_page_is_refused_with_409(cast, plan):
    reading = outcome(plan)
    review = AnnualReviewFactory(plan=plan, held=True)
    data = {"version": review.version, f"rating_{reading.pk}": Progress.SOME}
    client = cast.client_for("sendco")
    assert client.post(progress_url(cast, plan, review), data).status_code == 302
    data[f"rating_{reading.pk}"] = Progress.LITTLE
    assert client.post(progress_url(cast, plan, review), data).status_code == 409
    assert OutcomeProgress.objects.get().rating == Progress.SOME


def test_a_comment_without_a_rating_is_refused_naming_the_outcome(cast, plan):
    reading = outcome(plan)
    review = AnnualReviewFactory(plan=plan)
    response = cast.client_for("sendco").post(
        progress_url(cast, plan, review), {"version": review.version, f"comment_{reading.pk}": "Better"}
    )
    assert response.status_code == 400
    assert "Choose the progress towards outcome 1, or clear its comment" in response.content.decode()


def test_an_outcome_of_another_plan_cannot_be_recorded_at_the_review(cast, plan):
    review = AnnualReviewFactory(plan=plan)
    elsewhere = outcome(PlanFactory(pupil=cast.taught_pupil, school=cast.school, local_authority=plan.local_authority))
    with pytest.raises(ValidationError):
        services.record_outcome_progress(
            actor=cast["sendco"], school=cast.school, review=review, expected_version=review.version,
            entries={elsewhere: (Progress.SOME, "")},
        )  # fmt: skip


def test_progress_shows_over_time_on_the_plan_and_in_the_review(cast, plan):
    reading = outcome(plan)
    last_year = AnnualReviewFactory(plan=plan, meeting_on=d(2025, 3, 3), held=True)
    this_year = AnnualReviewFactory(plan=plan, meeting_on=d(2026, 3, 3), held=True)
    sendco = cast["sendco"]
    OutcomeProgress.objects.create(review=last_year, outcome=reading, rating=Progress.LITTLE, recorded_by=sendco)
    OutcomeProgress.objects.create(review=this_year, outcome=reading, rating=Progress.ON_TRACK, recorded_by=sendco)
    page = cast.client_for("sendco").get(provision_page(cast)).content.decode()
    assert page.index("3 Mar 2025") < page.index("Little or no progress") < page.index("3 Mar 2026")
    assert page.index("3 Mar 2026") < page.index("On track")
    review_page = cast.client_for("head").get(reverse("ehc:pupil", kwargs={"pupil_id": cast.taught_pupil.public_id}))
    assert "On track" in review_page.content.decode()


def test_the_pupils_teacher_reads_outcomes_and_provision_but_not_review_progress(cast, plan):
    reading = outcome(plan)
    review = AnnualReviewFactory(plan=plan, held=True)
    OutcomeProgress.objects.create(review=review, outcome=reading, rating=Progress.ON_TRACK, recorded_by=cast["sendco"])
    page = cast.client_for("teacher").get(provision_page(cast)).content.decode()
    assert reading.description in page
    assert "On track" not in page and "Link provision" not in page


def link_url(cast, plan, line) -> str:
    kwargs = {"pupil_id": cast.taught_pupil.public_id, "plan_id": plan.public_id, "line_id": line.public_id}
    return reverse("ehc:provision-link", kwargs=kwargs)


def test_a_section_f_line_without_provision_is_not_yet_delivered(cast, plan):
    ProvisionLine.objects.create(plan=plan, description="Speech and language therapy")
    assert "Not yet delivered" in cast.client_for("sendco").get(provision_page(cast)).content.decode()


def test_the_sendco_links_a_line_to_the_provision_that_delivers_it(cast, plan):
    line = ProvisionLine.objects.create(plan=plan, description="Speech and language therapy")
    talk = provision_for(cast, pupils=[cast.taught_pupil], name="Talk boost")
    response = cast.client_for("sendco").post(link_url(cast, plan, line), {"provisions": [talk.pk]})
    assert response.status_code == 302
    assert list(line.provisions.all()) == [talk]
    event = AuditEvent.objects.get(object_type="ehc.provisionline")
    assert event.changes == {"provisions": [[], ["Talk boost"]]}
    page = cast.client_for("teacher").get(provision_page(cast)).content.decode()
    assert "Talk boost" in page and "Not yet delivered" not in page


def test_a_link_someone_made_meanwhile_is_not_undone(cast, plan):
    line = ProvisionLine.objects.create(plan=plan, description="Speech and language therapy")
    talk = provision_for(cast, pupils=[cast.taught_pupil], name="Talk boost")
    page = cast.client_for("sendco").get(link_url(cast, plan, line)).content.decode()
    assert 'name="seen"' in page
    line.provisions.add(talk)  # the assistant links it while the SENDCo's page is open
    response = cast.client_for("sendco").post(link_url(cast, plan, line), {"provisions": [], "seen": ""})
    assert response.status_code == 409
    assert list(line.provisions.all()) == [talk]
    seen = str(talk.pk)
    assert cast.client_for("sendco").post(link_url(cast, plan, line), {"seen": seen}).status_code == 302
    assert list(line.provisions.all()) == []


def test_a_line_linked_to_provision_the_pupil_is_not_in_is_not_yet_delivered(cast, plan):
    line = ProvisionLine.objects.create(plan=plan, description="Speech and language therapy")
    line.provisions.add(provision_for(cast, pupils=[cast.untaught_pupil], name="Talk boost"))
    page = cast.client_for("sendco").get(provision_page(cast)).content.decode()
    assert "Not yet delivered" in page and "Linked, but the pupil is not in it: Talk boost" in page


def test_provision_of_another_school_cannot_be_linked(cast, plan):
    line = ProvisionLine.objects.create(plan=plan, description="Speech and language therapy")
    elsewhere = provision_for(cast, name="Elsewhere")
    elsewhere.school = SchoolFactory(trust=cast.trust)
    elsewhere.save()
    response = cast.client_for("sendco").post(link_url(cast, plan, line), {"provisions": [elsewhere.pk]})
    assert response.status_code == 400
    assert not line.provisions.exists()


def test_the_outcomes_and_provision_page_takes_the_same_queries_for_1_line_as_for_10(
    cast, plan, django_assert_max_num_queries
):
    client = cast.client_for("sendco")
    review = AnnualReviewFactory(plan=plan, held=True)

    def add(count: int) -> None:
        for number in range(count):
            found = outcome(plan, f"Outcome {number}")
            OutcomeProgress.objects.create(
                review=review, outcome=found, rating=Progress.SOME, recorded_by=cast["sendco"]
            )
            line = ProvisionLine.objects.create(plan=plan, description=f"Line {number}", outcome=found)
            line.provisions.add(provision_for(cast, pupils=[cast.taught_pupil], name=f"Group {number}"))

    add(1)
    client.get(provision_page(cast))
    with django_assert_max_num_queries(30) as few:
        client.get(provision_page(cast))
    add(9)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(provision_page(cast))


def test_a_new_plan_is_owned_by_the_sendco_who_records_it_unless_they_choose_another(cast, plan):
    response = cast.client_for("sendco").get(reverse("ehc:plan-add", kwargs={"pupil_id": cast.taught_pupil.public_id}))
    assert response.context["form"].initial["case_owner"] == cast["sendco"]
    # The head cannot own a case: the school's SENDCo is offered instead.
    head = cast.client_for("head").get(reverse("ehc:plan-add", kwargs={"pupil_id": cast.taught_pupil.public_id}))
    assert head.context["form"].initial["case_owner"] == cast["sendco"]
    owners = set(head.context["form"].fields["case_owner"].queryset)
    assert owners == {cast["sendco"], cast["assistant-sendco"]}


def test_the_under_fives_interval_is_saved_from_the_plan_form(cast, plan):
    cast.taught_pupil.date_of_birth = d(2023, 1, 10)
    cast.taught_pupil.save()
    response = cast.client_for("sendco").post(
        reverse("ehc:plan-edit", kwargs={"pupil_id": cast.taught_pupil.public_id, "plan_id": plan.public_id}),
        {
            "version": plan.version,
            "local_authority": plan.local_authority.pk,
            "issued_on-day": "10",
            "issued_on-month": "3",
            "issued_on-year": "2025",
            "under_five_review_months": "4",
            "case_owner": cast["assistant-sendco"].pk,
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.under_five_review_months, plan.case_owner) == (4, cast["assistant-sendco"])
