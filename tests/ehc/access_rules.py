"""Who reaches the EHC plan, annual review and needs assessment pages: the SENDCo, the assistant
SENDCo and the head, for every pupil; a plan's outcomes and provision also the pupil's teachers."""

from __future__ import annotations

from opensend.ehc.models import ProvisionLine

from ..access_matrix import EHC_PROVISION_READERS, EHC_STAFF, allowed
from .factories import (
    AnnualReviewFactory,
    AssessmentRequestFactory,
    LocalAuthorityFactory,
    PlanDocumentFactory,
    PlanFactory,
)

RULES = {
    "ehc:authorities": allowed(EHC_STAFF),
    "ehc:authority-add": allowed(EHC_STAFF),
    "ehc:authority-edit": allowed(EHC_STAFF),
    "ehc:pupil": allowed(EHC_STAFF),
    "ehc:request-add": allowed(EHC_STAFF),
    "ehc:request-edit": allowed(EHC_STAFF),
    "ehc:request-remove": allowed(EHC_STAFF),
    "ehc:plan-add": allowed(EHC_STAFF),
    "ehc:plan-edit": allowed(EHC_STAFF),
    "ehc:review-add": allowed(EHC_STAFF),
    "ehc:review-edit": allowed(EHC_STAFF),
    "ehc:review-progress": allowed(EHC_STAFF),
    "ehc:document-add": allowed(EHC_STAFF),
    "ehc:document": allowed(EHC_STAFF),
    "ehc:outcome-add": allowed(EHC_STAFF),
    "ehc:provision-add": allowed(EHC_STAFF),
    "ehc:provision-link": allowed(EHC_STAFF),
    "ehc:provision": allowed(EHC_PROVISION_READERS),
}


def url_kwargs(cast) -> dict:
    authority = LocalAuthorityFactory(trust=cast.trust, code="380", name="Kirklees")
    request = AssessmentRequestFactory(pupil=cast.taught_pupil, school=cast.school, local_authority=authority)
    plan = PlanFactory(pupil=cast.taught_pupil, school=cast.school, local_authority=authority)
    review = AnnualReviewFactory(plan=plan)
    document = PlanDocumentFactory(plan=plan, uploaded_by=cast["sendco"])
    line = ProvisionLine.objects.create(plan=plan, description="Speech and language therapy")
    return {
        "authority_id": authority.public_id,
        "request_id": request.public_id,
        "plan_id": plan.public_id,
        "review_id": review.public_id,
        "document_id": document.public_id,
        "line_id": line.public_id,
    }
