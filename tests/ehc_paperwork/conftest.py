from __future__ import annotations

import datetime

import pytest

from opensend.ehc.models import ReviewMeeting
from opensend.pupils.models import Contact
from opensend.register.codes import BroadArea

from ..ehc.factories import AnnualReviewFactory, AssessmentRequestFactory, LocalAuthorityFactory, PlanFactory
from ..factories import ContactFactory


@pytest.fixture
def authority(cast):
    return LocalAuthorityFactory(
        trust=cast.trust, code="380", name="Kirklees", send_team_email="send@kirklees.example.gov.uk"
    )


@pytest.fixture
def plan(cast, authority):
    plan = PlanFactory(
        pupil=cast.taught_pupil, school=cast.school, local_authority=authority, issued_on=datetime.date(2025, 3, 10)
    )
    plan.outcomes.create(
        area=BroadArea.COMMUNICATION_INTERACTION, description="Tia will ask for help in class using words."
    )
    plan.outcomes.create(area=BroadArea.SEMH, description="Tia will name two feelings and a calming strategy.")
    return plan


@pytest.fixture
def review(plan):
    # Tuesday 3 March 2026: invitations and advice by Tuesday 17 February, the report by 17 March.
    return AnnualReviewFactory(plan=plan, meeting_on=datetime.date(2026, 3, 3))


@pytest.fixture
def meeting(review):
    return ReviewMeeting.objects.create(
        review=review,
        time="10am to 11am",
        place="The Rainbow Room, Oakfield Primary",
        pupil_invited=True,
        professionals=(
            "Dr Priya Shah, educational psychologist, Kirklees EPS\nSam Lee, speech and language therapist, NHS"
        ),
        attendees="Jordan Parent (mother)\nDr Priya Shah\nThe SENDCo",
        pupil_views="I like reading with Miss Green. Playtime is too loud.",
        parent_views="Tia is happier at school this year.",
        amendments="Section F: add a weekly social communication group.",
        preparing_for_adulthood="Travel training to start in Year 10.",
    )


@pytest.fixture
def parent(cast):
    return ContactFactory(pupil=cast.taught_pupil, name="Jordan Parent", relationship=Contact.Relationship.MOTHER)


@pytest.fixture
def ehc_request(cast, authority):
    return AssessmentRequestFactory(
        pupil=cast.taught_pupil, school=cast.school, local_authority=authority, requested_on=datetime.date(2026, 1, 12)
    )
