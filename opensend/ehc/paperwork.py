"""The annual review's paperwork, filled from the record: the invitation, the request for advice
and the review report. Each is built once as a plain document (opensend.core.documents) and
rendered as Word and as PDF from the same blocks. Every date in them comes from the deadlines
engine; a letter shows the rule and its source beside the date."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from opensend.core.documents import Document, Facts, Heading, PageBreak, Paragraph, Table
from opensend.deadlines.engine import Deadline, deadline
from opensend.notifications.digest import initials
from opensend.pupils.models import Contact, Enrolment, Pupil
from opensend.schools.models import NC_YEAR_ORDER, NCYear, School

from .models import AnnualReview, Plan, PlanOutcome, ReviewMeeting

# Preparing for adulthood is part of every review from Year 9 (SEND Code of Practice 9.179 and 8.9).
PREPARING_FOR_ADULTHOOD_FROM = NCYear.Y9
PARENT_RELATIONSHIPS = {
    Contact.Relationship.MOTHER,
    Contact.Relationship.FATHER,
    Contact.Relationship.PARENT,
    Contact.Relationship.CARER,
    Contact.Relationship.FOSTER_CARER,
    Contact.Relationship.GRANDPARENT,
}
NOT_RECORDED = "Not recorded yet: write it here."


def _day(value: datetime.date) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}"


def _short_day(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


@dataclass(frozen=True)
class ReviewFacts:
    """What every piece of a review's paperwork is filled from, read once."""

    review: AnnualReview
    plan: Plan
    pupil: Pupil
    school: School
    meeting: ReviewMeeting
    year_group: str  # NC year code, "" if not on roll
    parents: tuple[Contact, ...]
    outcomes: tuple[PlanOutcome, ...]
    author: str
    author_email: str

    @property
    def year_label(self) -> str:
        return NCYear(self.year_group).label if self.year_group else "Not on roll"

    @property
    def preparing_for_adulthood(self) -> bool:
        return bool(self.year_group) and NC_YEAR_ORDER[self.year_group] >= NC_YEAR_ORDER[PREPARING_FOR_ADULTHOOD_FROM]

    def due(self, rule_id: str) -> Deadline:
        return deadline(rule_id, self.review.meeting_on)


def review_facts(review: AnnualReview, *, author) -> ReviewFacts:
    plan = review.plan
    enrolment = (
        Enrolment.objects.current().filter(pupil=plan.pupil, school=plan.school).select_related("year_group").first()
    )
    meeting = ReviewMeeting.objects.filter(review=review).first() or ReviewMeeting(review=review)
    contacts = Contact.objects.active().filter(pupil=plan.pupil, relationship__in=PARENT_RELATIONSHIPS)
    return ReviewFacts(
        review=review,
        plan=plan,
        pupil=plan.pupil,
        school=plan.school,
        meeting=meeting,
        year_group=enrolment.year_group.nc_year if enrolment else "",
        parents=tuple(contacts.order_by("priority", "pk")),
        outcomes=tuple(plan.outcomes.order_by("area", "pk")),
        author=author.display_name,
        author_email=author.email,
    )


def letterhead(school: School, author: str, author_email: str) -> tuple[str, ...]:
    """The school's letterhead from its own record: no crest or logo, which the system does not hold."""
    return (
        school.name,
        f"URN {school.urn} · local authority {school.la_code}",
        f"Special educational needs co-ordinator: {author}",
        author_email,
    )


def _document(facts: ReviewFacts, title: str, blocks: list) -> Document:
    return Document(
        title=title,
        letterhead=letterhead(facts.school, facts.author, facts.author_email),
        blocks=tuple(blocks),
        footer=f"{title}: {initials(facts.pupil)} · EHC plan issued {_short_day(facts.plan.issued_on)}",
    )


def _pupil_facts(facts: ReviewFacts) -> Facts:
    return Facts(
        (
            ("Child or young person", facts.pupil.full_name),
            ("Date of birth", _short_day(facts.pupil.date_of_birth)),
            ("Year group", facts.year_label),
            ("EHC plan", f"Issued {_short_day(facts.plan.issued_on)} by {facts.plan.local_authority.name}"),
        )
    )


def _meeting_facts(facts: ReviewFacts) -> Facts:
    return Facts(
        (
            ("Date", _day(facts.review.meeting_on)),
            ("Time", facts.meeting.time or "To be confirmed"),
            ("Place", facts.meeting.place or "To be confirmed"),
        )
    )


def _signature(facts: ReviewFacts, closing: str = "Yours sincerely,") -> list:
    return [
        Paragraph(closing),
        Paragraph(f"{facts.author}\nSpecial educational needs co-ordinator\n{facts.school.name}"),
    ]


def _dated(found: Deadline) -> str:
    return f"{_short_day(found.due)} ({found.rule.description}: {found.rule.source})"


def recipients(facts: ReviewFacts) -> tuple[tuple[str, str], ...]:
    """Who the invitation goes to (reg 20(2)): the parents, the pupil where appropriate, the local
    authority and the professionals asked for advice."""
    found = [(parent.name, parent.get_relationship_display()) for parent in facts.parents]
    if facts.meeting.pupil_invited:
        found.append((facts.pupil.full_name, "The child or young person"))
    authority = facts.plan.local_authority
    contact = ", ".join(part for part in (authority.send_team_email, authority.send_team_phone) if part)
    found.append((f"{authority.name} SEND team", f"Local authority{f' ({contact})' if contact else ''}"))
    found += [(line, "Professional asked for advice") for line in facts.meeting.professional_lines]
    return tuple(found)


def invitation(facts: ReviewFacts) -> Document:
    invitations = facts.due("ar-invitations")
    advice = facts.due("ar-advice-circulated")
    name = facts.pupil.known_as
    return _document(
        facts,
        "Invitation to an annual review meeting",
        [
            Paragraph("Dear parents, carers and colleagues,"),
            Paragraph(
                f"You are invited to the annual review of {name}'s education, health and care (EHC) plan. "
                "The meeting looks at the progress made towards the plan's outcomes over the last year, hears "
                f"{name}'s views and yours, and agrees whether to recommend that the plan stays as it is, is "
                "amended or ceases."
            ),
            _pupil_facts(facts),
            Heading("The meeting"),
            _meeting_facts(facts),
            Heading("Who is invited"),
            Table(("Name", "Invited as"), recipients(facts)),
            Heading("Advice and information"),
            Paragraph(
                "If you have advice or information for the review, please send it to the school by "
                f"{_dated(advice)}. Everything received is sent to everyone invited before the meeting."
            ),
            Heading("Notice of the meeting"),
            Paragraph(
                f"The law requires invitations at least 2 weeks before the meeting. This invitation is sent by "
                f"{_dated(invitations)}."
            ),
            Paragraph(
                "If you cannot come, please let the school know and send your views in writing: they will be "
                "taken into account at the meeting."
            ),
            *_signature(facts),
        ],
    )


def _outcomes_table(facts: ReviewFacts, progress: dict[int, str] | None = None) -> Table:
    columns = ("Area of need", "Outcome") + (("Progress since the last review",) if progress is not None else ())
    rows = []
    for outcome in facts.outcomes:
        row = (outcome.get_area_display(), outcome.description)
        if progress is not None:
            row += (progress.get(outcome.pk, "") or NOT_RECORDED,)
        rows.append(row)
    return Table(columns, tuple(rows), caption="Outcomes in Section E of the plan", empty="No outcomes recorded.")


def _advice_letter(facts: ReviewFacts, addressee: str, advice: Deadline) -> list:
    name = facts.pupil.known_as
    return [
        Paragraph(f"To: {addressee}" if addressee else "To:", bold=True),
        Paragraph(
            f"{name}'s education, health and care plan is to be reviewed at the meeting below. As a professional "
            f"working with {name}, please send the school your advice and information for the review."
        ),
        _pupil_facts(facts),
        Heading("The meeting"),
        _meeting_facts(facts),
        Heading("When the advice is needed"),
        Paragraph(
            f"Please send your advice by {_dated(advice)}, so that the school can send it to everyone invited "
            "at least 2 weeks before the meeting."
        ),
        Heading("What to include"),
        Paragraph(
            "Your involvement since the last review; the progress you have seen towards each outcome below; "
            f"{name}'s needs now; and any change you recommend to the plan's description of needs, its outcomes "
            "or its provision."
        ),
        _outcomes_table(facts),
        *_signature(facts),
    ]


def advice_request(facts: ReviewFacts) -> Document:
    """One letter for each professional on the meeting record, each on its own page; with none
    recorded, one letter with its addressee left to write in."""
    advice = facts.due("ar-advice-circulated")
    addressees = facts.meeting.professional_lines or [""]
    blocks: list = []
    for index, addressee in enumerate(addressees):
        if index:
            blocks.append(PageBreak())
        blocks += _advice_letter(facts, addressee, advice)
    return _document(facts, "Request for advice for an annual review", blocks)


def outcome_progress(facts: ReviewFacts) -> dict[int, str]:
    """Progress towards each outcome as the review recorded it (its rating, then the comment), by
    outcome. An outcome without a record leaves a space to write it in."""
    # The review's progress records arrive with the outcome progress work (related name
    # `outcome_progress`); until a review has that relation there is nothing to read.
    recorded = getattr(facts.review, "outcome_progress", None)
    if recorded is None:
        return {}
    return {
        item.outcome_id: " ".join(part for part in (f"{item.get_rating_display()}.", item.comment.strip()) if part)
        for item in recorded.all()
    }


def _written(text: str, blank: str = NOT_RECORDED) -> Paragraph:
    return Paragraph(text.strip(), blank=blank)


def review_report(facts: ReviewFacts) -> Document:
    report = facts.due("ar-report")
    decision = facts.due("ar-la-decision")
    meeting = facts.meeting
    blocks = [
        _pupil_facts(facts),
        Heading("The meeting"),
        _meeting_facts(facts),
        Heading("Who attended"),
        _written(meeting.attendees),
        Heading(f"{facts.pupil.known_as}'s views"),
        _written(meeting.pupil_views),
        Heading("The parents' views"),
        _written(meeting.parent_views),
        Heading("Progress towards the outcomes"),
        _outcomes_table(facts, outcome_progress(facts)),
        Heading("Amendments recommended"),
        _written(meeting.amendments, "None recommended yet: write any amendment to the plan here."),
    ]
    if facts.preparing_for_adulthood:
        blocks += [
            Heading("Preparing for adulthood"),
            Paragraph(
                "From Year 9 the review covers employment, independent living, friends and community, and health."
            ),
            _written(meeting.preparing_for_adulthood),
        ]
    blocks += [
        Heading("What happens next"),
        Paragraph(
            f"This report goes to {facts.plan.local_authority.name} and everyone invited by {_dated(report)}. "
            f"The local authority then decides whether to keep, amend or cease the plan by {_dated(decision)}."
        ),
        *_signature(facts, "Report completed by:"),
    ]
    return _document(facts, "Annual review report", blocks)


@dataclass(frozen=True)
class Paper:
    key: str
    title: str
    build: object  # Callable[[ReviewFacts], Document]
    stem: str


PAPERS = {
    paper.key: paper
    for paper in (
        Paper("invitation", "Invitation", invitation, "annual-review-invitation"),
        Paper("advice-request", "Request for advice", advice_request, "annual-review-advice-request"),
        Paper("report", "Review report", review_report, "annual-review-report"),
    )
}


def filename(stem: str, pupil: Pupil, on: datetime.date, extension: str) -> str:
    """A name without the pupil's: initials and a date, so a file left in Downloads names nobody."""
    letters = "".join(character for character in initials(pupil) if character.isalpha())
    return f"{stem}-{letters}-{on.isoformat()}.{extension}"
