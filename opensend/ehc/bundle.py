"""The evidence bundle a local authority asks for with an EHC needs assessment request: one PDF of
what the school holds about the pupil, section by section.

Sections come from a registry, as the subject access export's do: `register_bundle_section(key,
title, order, collect)`, where `collect(source)` returns the section's blocks. The sections below
are built in; a later feature (professionals' reports) adds its own with one call when it loads.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q

from opensend.assessments.models import AssessmentResult
from opensend.core.documents import Block, Document, Facts, Heading, Paragraph, Table
from opensend.notifications.digest import initials
from opensend.passports.models import PassportVersion
from opensend.plans.models import Cycle, Target
from opensend.provision.models import Member
from opensend.provision.selectors import outcome_scale
from opensend.pupils.models import Enrolment, Pupil
from opensend.pupils.subject_access import Table as ExportTable
from opensend.register.subject_access import register_history
from opensend.schools.models import NCYear, School

from .models import AssessmentRequest
from .paperwork import letterhead

# The APDR cycles an LA reads: the latest few show the graduated approach over about a year.
LAST_CYCLES = 3


@dataclass(frozen=True)
class BundleSource:
    """What a section is collected for: the pupil, the school that holds the records, and whether
    the person making the bundle may see what provision costs."""

    pupil: Pupil
    school: School
    request: AssessmentRequest
    sees_costs: bool


@dataclass(frozen=True)
class BundleSection:
    key: str
    title: str
    order: int
    collect: Callable[[BundleSource], list[Block]]


_sections: dict[str, BundleSection] = {}


def register_bundle_section(key: str, title: str, order: int, collect: Callable[[BundleSource], list[Block]]) -> None:
    _sections[key] = BundleSection(key, title, order, collect)


def bundle_sections() -> list[BundleSection]:
    return sorted(_sections.values(), key=lambda section: section.order)


def _day(value: datetime.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def _text(value) -> str:
    return "" if value is None else str(value)


# --- Built-in sections ---------------------------------------------------------------------------


def _from_export(table: ExportTable) -> Table:
    """A subject access table (the same rows the export holds) as a table of the bundle."""
    columns = tuple(table.columns)
    rows = tuple(tuple(_text(row.get(name)) for name in columns) for row in table.rows)
    return Table(columns, rows, caption=table.title)


def register_and_needs(source: BundleSource) -> list[Block]:
    wanted = {"sen-provision", "sen-needs"}
    return [_from_export(part) for part in register_history(source.pupil, source.school) if part.key in wanted]


def _cycle_blocks(cycle: Cycle, targets: list[Target]) -> list[Block]:
    period = f"opened {_day(cycle.opened_on)}" + (f", reviewed {_day(cycle.reviewed_on)}" if cycle.reviewed_on else "")
    blocks: list[Block] = [
        Heading(f"Cycle {cycle.number} ({period})", level=3),
        Facts(
            tuple(
                (label, value)
                for label, value in (
                    ("What was found", cycle.findings),
                    ("Strategies", cycle.strategies),
                    ("Provision", cycle.linked_provision),
                    ("What worked", cycle.what_worked),
                    ("What did not work", cycle.what_did_not_work),
                    ("Next steps", cycle.next_steps),
                )
                if value.strip()
            )
        ),
    ]
    rows = tuple(
        (target.description, target.success_measure, target.get_progress_display(), target.review_comment)
        for target in targets
    )
    blocks.append(Table(("Target", "Measure of success", "Progress", "Review comment"), rows, empty="No targets."))
    return blocks


def apdr_cycles(source: BundleSource) -> list[Block]:
    cycles = list(Cycle.objects.filter(pupil=source.pupil, school=source.school).order_by("-number")[:LAST_CYCLES])
    if not cycles:
        return [Paragraph("No assess, plan, do, review cycles recorded.")]
    targets: dict[int, list[Target]] = {}
    for target in Target.objects.filter(outcome__cycle__in=cycles).order_by("outcome__position", "position", "pk"):
        targets.setdefault(target.outcome.cycle_id, []).append(target)
    blocks: list[Block] = []
    for cycle in reversed(cycles):
        blocks += _cycle_blocks(cycle, targets.get(cycle.pk, []))
    return blocks


def assessments(source: BundleSource) -> list[Block]:
    results = AssessmentResult.objects.active().filter(pupil=source.pupil, school=source.school).order_by("taken_on")
    rows = tuple(
        (
            result.test_name,
            _day(result.taken_on),
            _text(result.standardised_score),
            _text(result.percentile),
            _text(result.age_equivalent_months),
            result.notes,
        )
        for result in results
    )
    columns = ("Assessment", "Date", "Standardised score", "Percentile", "Age equivalent (months)", "Notes")
    return [Table(columns, rows, empty="No assessment results recorded.")]


def passport(source: BundleSource) -> list[Block]:
    latest = PassportVersion.objects.filter(pupil=source.pupil, school=source.school).order_by("-number").first()
    if latest is None:
        return [Paragraph("No pupil passport recorded.")]
    facts = tuple((item["heading"], item["text"]) for item in latest.sections if item["text"].strip())
    return [Paragraph(f"Version {latest.number}, {_day(latest.created_at.date())}."), Facts(facts)]


def _member_row(member: Member, ratings: dict[int, str], sees_costs: bool) -> tuple[str, ...]:
    intervention = member.provision.intervention
    change = ""
    if member.entry_value is not None and member.exit_value is not None:
        change = f"{member.entry_value.normalize():f} to {member.exit_value.normalize():f}" + (
            f" ({intervention.measure_name})" if intervention.measure_name else ""
        )
    outcome = ratings.get(member.outcome_rating, "") if member.outcome_rating is not None else ""
    row = (
        f"{member.provision.name} ({intervention.name})",
        f"{_day(member.joined_on)} to {_day(member.left_on) or 'now'}",
        f"{member.attended} of {member.logged}",
        change,
        "\n".join(part for part in (outcome, member.outcome_comment) if part),
    )
    if sees_costs:
        cost = member.provision.intervention.resources_cost
        row += (f"£{cost:,.2f}" if cost is not None else "",)
    return row


def provision(source: BundleSource) -> list[Block]:
    members = (
        Member.objects.filter(pupil=source.pupil, provision__school=source.school)
        .select_related("provision__intervention")
        .annotate(
            logged=Count(
                "provision__sessions__attendance", filter=Q(provision__sessions__attendance__pupil=source.pupil)
            ),
            attended=Count(
                "provision__sessions__attendance",
                filter=Q(
                    provision__sessions__attendance__pupil=source.pupil, provision__sessions__attendance__attended=True
                ),
            ),
        )
        .order_by("joined_on", "pk")
    )
    columns = ("Provision", "Dates", "Sessions attended", "Entry to exit", "Outcome")
    if source.sees_costs:
        columns += ("Cost of resources",)
    ratings = dict(outcome_scale(source.school)[0])
    rows = tuple(_member_row(member, ratings, source.sees_costs) for member in members)
    return [Table(columns, rows, empty="No provision recorded.")]


def views(source: BundleSource) -> list[Block]:
    """The pupil's and parents' own words: from the passport and each recent APDR cycle."""
    blocks: list[Block] = []
    latest = PassportVersion.objects.filter(pupil=source.pupil, school=source.school).order_by("-number").first()
    if latest is not None and latest.own_words.strip():
        blocks += [Heading("In the pupil's own words (pupil passport)", level=3), Paragraph(latest.own_words)]
    cycles = Cycle.objects.filter(pupil=source.pupil, school=source.school).order_by("-number")[:LAST_CYCLES]
    rows = tuple(
        (f"Cycle {cycle.number}", cycle.pupil_voice, cycle.parent_voice)
        for cycle in reversed(list(cycles))
        if cycle.pupil_voice.strip() or cycle.parent_voice.strip()
    )
    blocks.append(Table(("When", "The pupil's views", "The parents' views"), rows, empty="No views recorded."))
    return blocks


register_bundle_section("register", "SEN register history and needs", 10, register_and_needs)
register_bundle_section("apdr", "Assess, plan, do, review: the latest cycles", 20, apdr_cycles)
register_bundle_section("assessments", "Assessment results", 30, assessments)
register_bundle_section("passport", "Pupil passport", 40, passport)
register_bundle_section("provision", "Provision and its impact", 50, provision)
register_bundle_section("views", "The pupil's and parents' views", 90, views)


# --- The bundle ----------------------------------------------------------------------------------


def _year_label(pupil: Pupil, school: School) -> str:
    enrolment = Enrolment.objects.current().filter(pupil=pupil, school=school).select_related("year_group").first()
    return NCYear(enrolment.year_group.nc_year).label if enrolment else "Not on roll"


def evidence_bundle(request: AssessmentRequest, *, author, sees_costs: bool) -> Document:
    source = BundleSource(request.pupil, request.school, request, sees_costs)
    blocks: list[Block] = [
        Facts(
            (
                ("Child or young person", request.pupil.full_name),
                ("Date of birth", _day(request.pupil.date_of_birth)),
                ("Year group", _year_label(request.pupil, request.school)),
                ("Request", f"Received by {request.local_authority.name} on {_day(request.requested_on)}"),
                ("Made by", request.get_made_by_display()),
            )
        ),
        Paragraph(
            "What the school holds about the pupil's special educational needs and the support given, "
            "as recorded in its SEND records."
        ),
    ]
    for section in bundle_sections():
        blocks += [Heading(section.title), *section.collect(source)]
    return Document(
        title="Evidence for an EHC needs assessment",
        letterhead=letterhead(request.school, author.display_name, author.email),
        blocks=tuple(blocks),
        footer=f"Evidence for an EHC needs assessment: {initials(request.pupil)}",
    )
