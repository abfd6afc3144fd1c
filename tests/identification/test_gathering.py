"""The SENDCo gathers views: asks staff and parents, records what they say, attaches assessment results."""

from __future__ import annotations

import datetime

from django.urls import reverse

from opensend.assessments.models import AssessmentResult
from opensend.audit.models import AuditEvent
from opensend.identification.models import ConcernAssessment, Contribution, ContributionRequest

from .helpers import a_concern, a_request, url


def test_the_sendco_asks_a_member_of_staff_for_a_contribution(cast):
    concern = a_concern(cast)
    response = cast.client_for("sendco").post(
        url("request", concern), {"asked": cast["ta"].pk, "message": "How is she in phonics group?"}
    )
    assert response.status_code == 302
    request = ContributionRequest.objects.get()
    assert (request.asked, request.asked_by, request.message) == (
        cast["ta"],
        cast["sendco"],
        "How is she in phonics group?",
    )


def test_asking_moves_a_new_concern_to_gathering_information_and_a_new_version(cast):
    concern = a_concern(cast)
    cast.client_for("sendco").post(url("request", concern), {"asked": cast["ta"].pk})
    concern.refresh_from_db()
    assert (concern.status, concern.version) == ("gathering", 2)


def test_asking_is_audited(cast):
    concern = a_concern(cast)
    cast.client_for("sendco").post(url("request", concern), {"asked": cast["ta"].pk})
    assert AuditEvent.objects.filter(object_type="identification.contributionrequest", action="create").exists()


def test_a_parent_can_be_asked_by_name(cast):
    concern = a_concern(cast)
    cast.client_for("sendco").post(url("request", concern), {"parent_name": "Jordan Parent"})
    request = ContributionRequest.objects.get()
    assert (request.asked, request.parent_name) == (None, "Jordan Parent")


def test_asking_a_member_of_staff_and_a_parent_at_once_is_refused(cast):
    concern = a_concern(cast)
    response = cast.client_for("sendco").post(url("request", concern), {"asked": cast["ta"].pk, "parent_name": "Jo"})
    assert response.status_code == 400
    assert not ContributionRequest.objects.exists()


def test_only_staff_who_can_see_the_pupil_are_offered(cast):
    concern = a_concern(cast)
    response = cast.client_for("sendco").get(url("request", concern))
    offered = {user.pk for user in response.context["form"]._staff.values()}
    everyone = {cast[role].pk for role in ("assistant-sendco", "head", "dsl", "teacher", "ta")}
    assert offered == everyone  # not the governor, business manager, admin, or the designated teacher


def test_asking_someone_who_cannot_see_the_pupil_is_refused(cast):
    concern = a_concern(cast)
    response = cast.client_for("sendco").post(url("request", concern), {"asked": cast["governor"].pk})
    assert response.status_code == 400
    assert not ContributionRequest.objects.exists()


def test_the_member_of_staff_asked_sees_the_request_in_my_concerns(cast):
    concern = a_concern(cast)
    a_request(cast, concern, "ta")
    response = cast.client_for("ta").get(reverse("identification:mine", kwargs={"urn": cast.school.urn}))
    html = response.content.decode()
    assert "Contribution requested" in html
    assert url("contribute", concern) in html


def test_the_member_of_staff_asked_adds_their_contribution_which_answers_the_request(cast):
    concern = a_concern(cast)
    request = a_request(cast, concern, "ta")
    response = cast.client_for("ta").post(url("contribute", concern), {"text": "She copes well 1:1 but not in groups."})
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert (contribution.kind, contribution.author, contribution.request) == ("staff", cast["ta"], request)
    request.refresh_from_db()
    assert request.answered_on is not None
    mine = cast.client_for("ta").get(reverse("identification:mine", kwargs={"urn": cast.school.urn}))
    assert "Contribution given" in mine.content.decode()


def test_a_contribution_is_audited(cast):
    concern = a_concern(cast)
    a_request(cast, concern, "ta")
    cast.client_for("ta").post(url("contribute", concern), {"text": "Copes well 1:1."})
    event = AuditEvent.objects.get(object_type="identification.contribution")
    assert (event.actor, event.pupil) == (cast["ta"], cast.taught_pupil)


def test_someone_not_asked_cannot_contribute(cast):
    concern = a_concern(cast)
    response = cast.client_for("dsl").post(url("contribute", concern), {"text": "Not my place."})
    assert response.status_code == 404
    assert not Contribution.objects.exists()


def test_a_parents_view_is_recorded_with_their_name_and_who_recorded_it(cast):
    concern = a_concern(cast)
    response = cast.client_for("assistant-sendco").post(
        url("parent-contribution", concern),
        {"parent_name": "Jordan Parent", "given_on": "2026-11-18", "text": "She is tired after school."},
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert (contribution.kind, contribution.author, contribution.parent_name) == ("parent", None, "Jordan Parent")
    assert contribution.recorded_by == cast["assistant-sendco"]
    assert contribution.given_on == datetime.date(2026, 11, 18)


def test_a_parents_view_answers_the_request_to_that_parent(cast):
    concern = a_concern(cast)
    request = ContributionRequest.objects.create(
        concern=concern, parent_name="Jordan Parent", asked_by=cast["sendco"], asked_on=datetime.date(2026, 11, 9)
    )
    cast.client_for("sendco").post(
        url("parent-contribution", concern),
        {"parent_name": "jordan parent", "given_on": "2026-11-18", "text": "Agrees.", "request": ""},
    )
    request.refresh_from_db()
    assert request.answered_on == datetime.date(2026, 11, 18)


def test_the_concern_page_shows_contributions_with_author_and_date(cast):
    concern = a_concern(cast)
    Contribution.objects.create(
        concern=concern, kind="staff", author=cast["ta"], recorded_by=cast["ta"],
        given_on=datetime.date(2026, 11, 12), text="Better in the mornings.",
    )  # fmt: skip
    html = cast.client_for("teacher").get(url("concern", concern)).content.decode()
    assert "Better in the mornings." in html
    assert cast["ta"].display_name in html
    assert "12 November 2026" in html


def test_opening_a_concern_is_audited(cast):
    concern = a_concern(cast)
    cast.client_for("head").get(url("concern", concern))
    event = AuditEvent.objects.get(action="view", actor=cast["head"])
    assert (event.pupil, event.summary) == (cast.taught_pupil, "Viewed concern")


def test_a_teacher_cannot_open_a_concern_about_a_pupil_they_do_not_teach(cast):
    concern = a_concern(cast, pupil=cast.untaught_pupil, raised_by=cast["sendco"])
    assert cast.client_for("teacher").get(url("concern", concern)).status_code == 404


def test_the_outsider_cannot_open_a_concern_at_another_school(cast):
    concern = a_concern(cast)
    assert cast.client_for("outsider").get(url("concern", concern)).status_code == 404


def _result(cast, **fields) -> AssessmentResult:
    values = {
        "pupil": cast.taught_pupil,
        "school": cast.school,
        "test_name": "British Picture Vocabulary Scale (BPVS)",
        "taken_on": datetime.date(2026, 11, 10),
        "standardised_score": 81,
        "assessor": cast["sendco"],
    }
    return AssessmentResult.objects.create(**(values | fields))


def test_the_sendco_attaches_existing_results_to_the_concern(cast):
    concern = a_concern(cast)
    result = _result(cast)
    response = cast.client_for("sendco").post(url("attach", concern), {"results": [str(result.public_id)]})
    assert response.status_code == 302
    assert ConcernAssessment.objects.filter(concern=concern, result=result).exists()
    html = cast.client_for("teacher").get(url("concern", concern)).content.decode()
    assert "British Picture Vocabulary Scale (BPVS)" in html


def test_another_pupils_result_cannot_be_attached(cast):
    concern = a_concern(cast)
    other = _result(cast, pupil=cast.untaught_pupil)
    response = cast.client_for("sendco").post(url("attach", concern), {"results": [str(other.public_id)]})
    assert response.status_code == 400
    assert not ConcernAssessment.objects.exists()


def test_a_new_result_added_from_the_concern_is_recorded_and_attached(cast):
    concern = a_concern(cast)
    response = cast.client_for("sendco").post(
        url("add-result", concern),
        {
            "test_name": "Language Link",
            "taken_on": "2026-11-20",
            "standardised_score": "79",
            "assessor": cast["sendco"].pk,
        },
    )
    assert response.status_code == 302
    result = AssessmentResult.objects.get()
    assert (result.pupil, result.standardised_score) == (cast.taught_pupil, 79)
    assert ConcernAssessment.objects.filter(concern=concern, result=result).exists()
