"""One timeline of everything that happened to a pupil's SEND record, newest first, read from
each feature: one query per source, whatever the length of the record."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from opensend.access.policy import Capability
from opensend.assessments.models import AssessmentResult
from opensend.casework.models import Referral, ReferralStatus, Report
from opensend.core.text import lower_first
from opensend.ehc.clock import plan_steps as ehc_plan_steps
from opensend.ehc.clock import steps as ehc_steps
from opensend.ehc.models import AnnualReview, AssessmentRequest, Plan
from opensend.family.models import FamilyContact
from opensend.funding.models import Application
from opensend.funding.models import Status as FundingStatus
from opensend.identification.models import Concern
from opensend.lac.models import CareEvent, Pep
from opensend.passports.models import PassportVersion
from opensend.plans.models import Cycle, ParentMeeting
from opensend.provision.selectors import pupil_memberships
from opensend.pupils.models import Pupil
from opensend.register.codes import SenType
from opensend.register.models import MonitoringEntry, SenNeed, SenStatus


@dataclass(frozen=True)
class TimelineEvent:
    on: datetime.date
    kind: str  # what the filter and the tag say: "Register", "Concern", ...
    title: str
    detail: str = ""
    by: str = ""
    url: str = ""


def _name(user) -> str:
    return user.display_name if user is not None else ""


def _register(pupil: Pupil) -> list[TimelineEvent]:
    events = []
    for status in SenStatus.objects.filter(pupil=pupil).select_related("decided_by", "school"):
        events.append(
            TimelineEvent(
                status.start_date, "Register", status.get_provision_display(), status.reason, _name(status.decided_by)
            )
        )
    return events


def _needs(pupil: Pupil) -> list[TimelineEvent]:
    labels = dict(SenType.choices)
    by_day: dict[datetime.date, list[SenNeed]] = {}
    for need in SenNeed.objects.filter(pupil=pupil).order_by("start_date", "rank"):
        by_day.setdefault(need.start_date, []).append(need)
    return [
        TimelineEvent(day, "Register", "Needs recorded", ", ".join(f"{n.rank}. {labels[n.need_type]}" for n in needs))
        for day, needs in by_day.items()
    ]


def _monitoring(pupil: Pupil) -> list[TimelineEvent]:
    events = []
    for entry in MonitoringEntry.objects.filter(pupil=pupil).select_related("added_by"):
        events.append(
            TimelineEvent(
                entry.started_on, "Monitoring", "Added to the monitoring list", entry.reason, _name(entry.added_by)
            )
        )
        if entry.ended_on:
            events.append(
                TimelineEvent(entry.ended_on, "Monitoring", "Taken off the monitoring list", entry.end_reason)
            )
    return events


def _concerns(pupil: Pupil) -> list[TimelineEvent]:
    events = []
    for concern in Concern.objects.filter(pupil=pupil).select_related("raised_by", "decided_by"):
        url = reverse("identification:concern", kwargs={"concern_id": concern.public_id})
        events.append(
            TimelineEvent(
                concern.raised_on, "Concern", "Concern raised", concern.what_seen, _name(concern.raised_by), url
            )
        )
        if concern.decided_on:
            title = f"Concern decided: {lower_first(concern.get_decision_display())}"
            events.append(
                TimelineEvent(
                    concern.decided_on, "Concern", title, concern.decision_reason, _name(concern.decided_by), url
                )
            )
    return events


def _assessments(pupil: Pupil) -> list[TimelineEvent]:
    events = []
    for result in AssessmentResult.objects.active().filter(pupil=pupil):
        scores = ", ".join(
            part
            for part in (
                f"standardised score {result.standardised_score}" if result.standardised_score is not None else "",
                f"percentile {result.percentile}" if result.percentile is not None else "",
            )
            if part
        )
        events.append(TimelineEvent(result.taken_on, "Assessment", result.test_name, scores, result.assessor_name))
    return events


def _cycles(pupil: Pupil) -> list[TimelineEvent]:
    events = []
    for cycle in Cycle.objects.filter(pupil=pupil).select_related("lead_teacher"):
        url = reverse("plans:cycle", kwargs={"pupil_id": pupil.public_id, "cycle_id": cycle.public_id})
        label = f"Plan (APDR cycle {cycle.number})"
        events.append(TimelineEvent(cycle.opened_on, "Plan", f"{label} started", "", _name(cycle.lead_teacher), url))
        if cycle.reviewed_on:
            events.append(TimelineEvent(cycle.reviewed_on, "Plan", f"{label} reviewed", cycle.next_steps, "", url))
        if cycle.closed_on:
            events.append(TimelineEvent(cycle.closed_on, "Plan", f"{label} closed", "", "", url))
    return events


def _meetings(pupil: Pupil) -> list[TimelineEvent]:
    events = []
    meetings = ParentMeeting.objects.filter(pupil=pupil).select_related("recorded_by").prefetch_related("actions")
    for meeting in meetings:
        url = reverse("plans:meeting", kwargs={"pupil_id": pupil.public_id, "meeting_id": meeting.public_id})
        detail = meeting.decisions or meeting.notes
        events.append(
            TimelineEvent(
                meeting.held_on, "Meeting", meeting.get_kind_display(), detail, _name(meeting.recorded_by), url
            )
        )
        for action in meeting.actions.all():
            if action.done_on:
                events.append(
                    TimelineEvent(action.done_on, "Meeting", "Action from a meeting done", action.description, "", url)
                )
    return events


def _family_contacts(pupil: Pupil, school) -> list[TimelineEvent]:
    """That the school was in touch with the family, and how: what was said stays in the contact log,
    which fewer people may open."""
    return [
        TimelineEvent(
            contact.contacted_on,
            "Family",
            f"{contact.get_method_display()} with {contact.contact_with.name}",
            "",
            _name(contact.by),
        )
        for contact in FamilyContact.objects.filter(pupil=pupil, school=school).select_related("contact_with", "by")
    ]


def _passports(pupil: Pupil) -> list[TimelineEvent]:
    return [
        TimelineEvent(
            timezone.localdate(version.created_at),
            "Passport",
            f"Pupil passport version {version.number}",
            "",
            _name(version.created_by),
        )
        for version in PassportVersion.objects.filter(pupil=pupil).select_related("created_by")
    ]


def _provision(pupil: Pupil) -> list[TimelineEvent]:
    events = []
    for member in pupil_memberships(pupil):
        provision = member.provision
        url = reverse("provision:detail", kwargs={"provision_id": provision.public_id})
        staff = ", ".join(person.display_name for person in provision.staff.all())
        detail = f"{provision.intervention.name}, wave {provision.intervention.wave}"
        events.append(TimelineEvent(member.joined_on, "Provision", f"Joined {provision.name}", detail, staff, url))
        if member.left_on:
            attended = f"Attended {member.sessions_attended} of {member.sessions_counted} sessions logged"
            note = f"{member.leave_reason}. {attended}" if member.leave_reason else attended
            events.append(TimelineEvent(member.left_on, "Provision", f"Left {provision.name}", note, "", url))
        outcome_on = member.exit_on or member.left_on or provision.ends_on
        if member.outcome_rating is not None:
            rating = f"{member.outcome_rating:+d}" if member.outcome_rating else "0"
            title = f"Outcome of {provision.name}: {rating}"
            events.append(TimelineEvent(outcome_on, "Provision", title, member.outcome_comment, "", url))
    return events


def _ehc_requests(pupil: Pupil) -> list[TimelineEvent]:
    """Each step an EHC needs assessment request has reached, by its date (titles only: the clock and
    its details are on the EHC pages, which fewer people may open)."""
    events = []
    for request in AssessmentRequest.objects.active().filter(pupil=pupil).select_related("local_authority"):
        authority = request.local_authority.name
        for on, title in ehc_steps(request):
            events.append(TimelineEvent(on, "EHC", title, authority))
    return events


def _ehc_plans(pupil: Pupil) -> list[TimelineEvent]:
    events = []
    plans = (
        Plan.objects.active()
        .filter(pupil=pupil)
        .select_related("local_authority")
        .prefetch_related(Prefetch("reviews", queryset=AnnualReview.objects.active()))
    )
    for plan in plans:
        for on, title in ehc_plan_steps(plan, list(plan.reviews.all())):
            events.append(TimelineEvent(on, "EHC", title, plan.local_authority.name))
    return events


def _referrals(pupil: Pupil, school) -> list[TimelineEvent]:
    """A referral when it was sent and when it last changed status; drafts are not yet events."""
    events = []
    for referral in (
        Referral.objects.active()
        .filter(pupil=pupil, school=school)
        .exclude(status=ReferralStatus.DRAFT)
        .select_related("service")
    ):
        url = reverse("casework:referral", kwargs={"pupil_id": pupil.public_id, "referral_id": referral.public_id})
        service = referral.service.name
        events.append(TimelineEvent(referral.sent_on, "Referral", f"Referred to {service}", "", "", url))
        if referral.status != ReferralStatus.SENT:
            title = f"Referral to {service}: {referral.get_status_display().lower()}"
            events.append(TimelineEvent(referral.status_on, "Referral", title, "", "", url))
    return events


def _reports(pupil: Pupil, school) -> list[TimelineEvent]:
    events = []
    for report in Report.objects.active().filter(pupil=pupil, school=school).select_related("service"):
        url = reverse("casework:report", kwargs={"pupil_id": pupil.public_id, "report_id": report.public_id})
        title = f"Report from {report.service.name}: {report.title}"
        events.append(TimelineEvent(report.written_on, "Referral", title, "", report.author, url))
    return events


def _looked_after(pupil: Pupil, school) -> list[TimelineEvent]:
    """Entering and leaving care and each PEP (titles only), for those who may read looked-after records."""
    events = [
        TimelineEvent(event.on, "Looked after", event.get_kind_display(), event.detail, _name(event.recorded_by))
        for event in CareEvent.objects.filter(
            record__pupil=pupil, record__school=school, record__archived_at__isnull=True
        ).select_related("recorded_by")
    ]
    for pep in (
        Pep.objects.active()
        .filter(record__pupil=pupil, record__school=school, record__archived_at__isnull=True)
        .select_related("recorded_by", "annual_review")
    ):
        review = pep.annual_review
        detail = f"Held with the EHC plan's annual review of {review.meeting_on:%-d %B %Y}" if review else ""
        url = reverse("lac:pep", kwargs={"pupil_id": pupil.public_id, "pep_id": pep.public_id})
        events.append(
            TimelineEvent(pep.meeting_on, "Looked after", pep.get_kind_display(), detail, _name(pep.recorded_by), url)
        )
    return events


def _casework(pupil: Pupil, school) -> list[TimelineEvent]:
    return _referrals(pupil, school) + _reports(pupil, school)


def _funding(pupil: Pupil, school) -> list[TimelineEvent]:
    """A top-up application when it was submitted and when it was decided, at the school whose
    funding it is."""
    events = []
    for application in (
        Application.objects.active()
        .filter(pupil=pupil, school=school)
        .exclude(status=FundingStatus.DRAFT)
        .select_related("local_authority")
    ):
        url = reverse("funding:application", kwargs={"urn": school.urn, "application_id": application.public_id})
        authority = application.local_authority.name
        if application.submitted_on:
            events.append(
                TimelineEvent(
                    application.submitted_on, "Funding", f"Top-up funding applied for from {authority}", "", "", url
                )
            )
        if application.decided_on and application.status != FundingStatus.SUBMITTED:
            title = f"Top-up funding from {authority}: {application.get_status_display().lower()}"
            events.append(TimelineEvent(application.decided_on, "Funding", title, "", "", url))
    return events


# Sources only some readers may see: the capability each needs beyond reading SEND records, at the
# reader's own school (a former school's head does not follow a child's care, family or referrals
# to the next school). A pupil's teachers see the advice the school acted on where it was acted
# on, never the referral, the report or what a family said.
GATED_SOURCES = (
    (Capability.FAMILY_CONTACTS, _family_contacts, "Family"),
    (Capability.CASEWORK_READ, _casework, "Referral"),
    (Capability.LAC_READ, _looked_after, "Looked after"),
    (Capability.FUNDING_READ, _funding, "Funding"),
)

SOURCES = (
    _register,
    _needs,
    _monitoring,
    _concerns,
    _assessments,
    _cycles,
    _meetings,
    _passports,
    _provision,
    _ehc_requests,
    _ehc_plans,
)
KINDS = (
    "Register",
    "Monitoring",
    "Concern",
    "Assessment",
    "Plan",
    "Meeting",
    "Passport",
    "Provision",
    "EHC",
)


def kinds_for(access) -> tuple[str, ...]:
    """The kinds of entry this reader may filter by."""
    return KINDS + tuple(kind for capability, _, kind in GATED_SOURCES if access is not None and access.can(capability))


def pupil_chronology(pupil: Pupil, *, kind: str = "", access=None) -> list[TimelineEvent]:
    """Every entry the reader may see: family contacts, referrals, looked-after entries and funding
    only with the access that opens them."""
    events = [event for source in SOURCES for event in source(pupil)]
    for capability, source, _ in GATED_SOURCES:
        if access is not None and access.can(capability):
            events += source(pupil, access.school)
    if kind:
        events = [event for event in events if event.kind == kind]
    return sorted(events, key=lambda event: event.on, reverse=True)
