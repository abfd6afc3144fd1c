"""Demo data for annual review paperwork: every review has a meeting record with its time, place and
the professionals asked for advice, so the invitation and the advice requests come out filled in;
reviews already held also have who attended, the child's and parents' views and the amendments
recommended, and, from Year 9, preparing for adulthood. Bulk-created without audit events."""

from __future__ import annotations

import random

from opensend.ehc.models import AnnualReview, ReviewMeeting

ORDER = 55  # after the plans and reviews of feature_ehc

TIMES = ("9am to 10am", "10am to 11am", "1.30pm to 2.30pm", "3.30pm to 4.30pm")
PLACES = ("The meeting room", "The SENDCo's office", "The library", "Online (Microsoft Teams: link sent by email)")
PROFESSIONALS = (
    "Dr Anita Rao, educational psychologist, local authority educational psychology service",
    "Chris Hall, speech and language therapist, NHS community children's services",
    "Morgan Blake, specialist teacher, local authority SEND outreach",
    "Jo Evans, occupational therapist, NHS children's therapies",
    "Sam Patel, careers adviser, local authority careers service",
)
PUPIL_VIEWS = (
    "I like art and computing. I find it hard when the classroom is noisy. Having a time-out card helps me.",
    "Reading is getting easier. I want to keep my group with Mrs Adams.",
    "I don't like changes to my timetable without being told first.",
)
PARENT_VIEWS = (
    "We have seen real progress in reading this year. Homework is still a struggle most evenings.",
    "Mornings are calmer since the visual timetable started. We would like more notice of trips.",
    "We are worried about the move to the next phase and would like a transition plan.",
)
AMENDMENTS = (
    "Section B: update the description of speech and language needs from the therapist's new report.",
    "Section F: replace the daily phonics group with a twice-weekly reading fluency group.",
    "Section E: the social communication outcome has been met; add a new outcome for working in a group.",
)


def _meeting(rng: random.Random, review: AnnualReview) -> ReviewMeeting:
    meeting = ReviewMeeting(
        review=review,
        time=rng.choice(TIMES),
        place=rng.choice(PLACES),
        pupil_invited=rng.random() < 0.6,
        professionals="\n".join(rng.sample(PROFESSIONALS, rng.randint(1, 3))),
    )
    if review.held:
        meeting.attendees = "Parent\nClass teacher\nSENDCo\n" + meeting.professional_lines[0].split(",")[0]
        meeting.pupil_views = rng.choice(PUPIL_VIEWS)
        meeting.parent_views = rng.choice(PARENT_VIEWS)
        meeting.amendments = rng.choice(AMENDMENTS) if review.decision == "amend" or rng.random() < 0.3 else ""
        meeting.preparing_for_adulthood = (
            "Work experience in Year 10 is being arranged; travel training starts next term."
            if rng.random() < 0.5
            else ""
        )
    return meeting


def seed(result, rng: random.Random) -> None:
    reviews = AnnualReview.objects.filter(plan__school__trust=result.written.trust).order_by("pk")
    ReviewMeeting.objects.bulk_create([_meeting(rng, review) for review in reviews], batch_size=2000)
