"""An annual review's meeting record and its paperwork (invitation, request for advice, review
report) as Word and PDF, and the evidence bundle of a needs assessment request as PDF. Read by the
SENDCo, the assistant and the head (Capability.EHC) like the EHC records they come from; every
download is audited as a view of the record, rate-limited, and named without the pupil's name."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from opensend.access.policy import Capability
from opensend.audit.services import audit_view
from opensend.core.documents import DOCX_TYPE, PDF_TYPE, Document, docx_bytes, pdf_bytes
from opensend.core.ratelimit import limit_per_person

from . import selectors
from .bundle import evidence_bundle
from .models import ReviewMeeting
from .paperwork import PAPERS, filename, review_facts
from .paperwork_forms import ReviewMeetingForm
from .paperwork_services import MEETING_FIELDS, save_review_meeting
from .views import FORM_METHODS, _pupil, _pupil_url, _request, _save_form, _values

FORMATS = {"docx": (DOCX_TYPE, docx_bytes), "pdf": (PDF_TYPE, pdf_bytes)}


def _review(pupil, access, plan_id, review_id):
    plan = selectors.pupil_plan(pupil, access.school, plan_id)
    review = selectors.plan_review(plan, review_id) if plan is not None else None
    if review is None:
        raise Http404("No such review.")
    return review


def _download(document: Document, fmt: str, name: str) -> HttpResponse:
    content_type, render = FORMATS[fmt]
    response = HttpResponse(render(document), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def paper_urls(pupil, review) -> list[dict]:
    """Each paper of the review with its Word and PDF addresses, as the pages link them."""
    kwargs = {"pupil_id": pupil.public_id, "plan_id": review.plan.public_id, "review_id": review.public_id}
    return [
        {
            "title": paper.title,
            **{fmt: reverse(f"ehc:review-{paper.key}-{fmt}", kwargs=kwargs) for fmt in FORMATS},
        }
        for paper in PAPERS.values()
    ]


@login_required
@FORM_METHODS
def review_meeting(request: HttpRequest, pupil_id, plan_id, review_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id)
    review = _review(pupil, access, plan_id, review_id)
    meeting = ReviewMeeting.objects.filter(review=review).first()
    if request.method == "GET":
        audit_view(actor=request.user, pupil=pupil, school=access.school, what=f"{review} (meeting record)")
    initial = {name: getattr(meeting, name) for name in MEETING_FIELDS} if meeting else {}
    form = ReviewMeetingForm(request.POST or None, initial={**initial, "version": meeting.version if meeting else 0})
    return _save_form(
        request,
        form,
        lambda: save_review_meeting(
            actor=request.user,
            school=access.school,
            review=review,
            expected_version=form.cleaned_data["version"],
            values=_values(form),
        ),
        done="Meeting record saved. The paperwork below is filled from it.",
        back_url=reverse(
            "ehc:review-meeting",
            kwargs={"pupil_id": pupil.public_id, "plan_id": review.plan.public_id, "review_id": review.public_id},
        ),
        template="ehc/paperwork/meeting.html",
        access=access,
        pupil=pupil,
        review=review,
        papers=paper_urls(pupil, review),
        pupil_url=_pupil_url(pupil),
        title=f"Meeting record and paperwork: annual review of {review.meeting_on:%-d %B %Y}",
        submit="Save the meeting record",
    )


def paper_view(key: str, fmt: str) -> Callable:
    paper = PAPERS[key]

    @login_required
    @require_GET
    @limit_per_person("downloads")
    def download(request: HttpRequest, pupil_id, plan_id, review_id) -> HttpResponse:
        pupil, access = _pupil(request, pupil_id)
        review = _review(pupil, access, plan_id, review_id)
        audit_view(actor=request.user, pupil=pupil, school=access.school, what=f"{review}: {paper.title} ({fmt})")
        document = paper.build(review_facts(review, author=request.user))
        return _download(document, fmt, filename(paper.stem, pupil, review.meeting_on, fmt))

    download.__name__ = f"review_{key.replace('-', '_')}_{fmt}"
    return download


@login_required
@require_GET
@limit_per_person("downloads")
def request_bundle(request: HttpRequest, pupil_id, request_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id)
    found = _request(pupil, access, request_id)
    audit_view(actor=request.user, pupil=pupil, school=access.school, what=f"Evidence bundle for the {found}")
    document = evidence_bundle(found, author=request.user, sees_costs=access.can(Capability.PROVISION_COSTS))
    return _download(document, "pdf", filename("ehc-evidence-bundle", pupil, found.requested_on, "pdf"))
