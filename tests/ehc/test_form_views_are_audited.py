"""Opening a form to change or remove an EHC record shows the whole record, so it is logged as a view."""

from __future__ import annotations

import pytest
from django.urls import reverse

from opensend.audit.models import AuditEvent

from .factories import AnnualReviewFactory, AssessmentRequestFactory, LocalAuthorityFactory, PlanFactory

pytestmark = pytest.mark.django_db


def form_urls(cast) -> dict[str, str]:
    authority = LocalAuthorityFactory(trust=cast.trust)
    pupil = cast.taught_pupil
    request = AssessmentRequestFactory(
        pupil=pupil, school=cast.school, local_authority=authority, exception="a", exception_details="Abroad"
    )
    plan = PlanFactory(pupil=pupil, school=cast.school, local_authority=authority)
    review = AnnualReviewFactory(plan=plan)
    on_request = {"pupil_id": pupil.public_id, "request_id": request.public_id}
    on_plan = {"pupil_id": pupil.public_id, "plan_id": plan.public_id}
    return {
        "request-edit": reverse("ehc:request-edit", kwargs=on_request),
        "request-remove": reverse("ehc:request-remove", kwargs=on_request),
        "plan-edit": reverse("ehc:plan-edit", kwargs=on_plan),
        "review-edit": reverse("ehc:review-edit", kwargs=on_plan | {"review_id": review.public_id}),
    }


@pytest.mark.parametrize("name", ["request-edit", "request-remove", "plan-edit", "review-edit"])
def test_opening_an_ehc_form_is_logged_as_a_view_of_the_pupil(cast, name):
    url = form_urls(cast)[name]
    response = cast.client_for("sendco").get(url)
    assert response.status_code == 200
    views = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, pupil=cast.taught_pupil, school=cast.school)
    assert views.count() == 1
    assert views.get().actor == cast["sendco"]
