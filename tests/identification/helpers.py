from __future__ import annotations

import datetime

from django.urls import reverse

from opensend.identification.models import Concern, ContributionRequest


def a_concern(cast, **fields) -> Concern:
    values = {
        "pupil": cast.taught_pupil,
        "school": cast.school,
        "raised_by": cast["teacher"],
        "raised_on": datetime.date(2026, 11, 2),
        "what_seen": "Finds it hard to follow spoken instructions; often copies classmates.",
        "areas": ["communication-interaction"],
        "strategies_tried": "Visual timetable, instructions chunked.",
        "strategies_weeks": 6,
    }
    return Concern.objects.create(**(values | fields))


def a_request(cast, concern: Concern, role: str = "ta") -> ContributionRequest:
    return ContributionRequest.objects.create(
        concern=concern, asked=cast[role], asked_by=cast["sendco"], asked_on=datetime.date(2026, 11, 9)
    )


def url(name: str, concern: Concern) -> str:
    return reverse(f"identification:{name}", kwargs={"concern_id": concern.public_id})
