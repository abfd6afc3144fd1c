"""Every statutory deadline the system shows, as one table. Nothing else in the code computes a
statutory date: features record the starting event and ask `opensend.deadlines.engine` for the due
date by rule id. The ids are part of the interface (the `deadline_calc` and `deadlines` commands,
the JSON output and the calculator page), so a rule is never renamed.

The law is in SEND Regulations 2014 (SI 2014/1530), the Children and Families Act 2014, the SEND
Code of Practice (2015) and the looked-after children's guidance; the notes the table follows are
docs/statutory-deadlines.md. A few rules are the school's own practice rather than the law (a
referral's expected response): they are marked `local`, and their source says so."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.db import models


class Days(enum.StrEnum):
    """Which days a period counts."""

    CALENDAR = "calendar"
    WORKING = "working"
    SCHOOL = "school"


class Unit(enum.StrEnum):
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    # A fixed day of the calendar year the event falls in (phase transfers: 15 February).
    DAY_OF_YEAR = "day of year"


class Direction(enum.StrEnum):
    AFTER = "after"
    # The due date is the last day to act before the event (invitations 2 weeks before a meeting).
    BEFORE = "before"


class Kind(models.TextChoices):
    ASSESSMENT = "ehc-assessment", "EHC needs assessment"
    ANNUAL_REVIEW = "annual-review", "Annual review"
    AMENDMENT = "amendment", "Amending a plan"
    PHASE_TRANSFER = "phase-transfer", "Phase transfer"
    LOOKED_AFTER = "looked-after", "Looked-after children"
    RECORDS = "records", "Educational records"
    REFERRAL = "referral", "Referrals to services"


@dataclass(frozen=True)
class Rule:
    id: str
    kind: Kind
    starting_event: str
    period: int
    unit: Unit
    days: Days
    direction: Direction
    source: str
    description: str
    # The regulation that lets the deadline be set aside (reg 10(4)), if any: only these rules can
    # be marked waived, and only with a reason.
    exception_source: str = ""
    # For Unit.DAY_OF_YEAR: the month of `period`'s day.
    month: int = 0
    # A period the family has (to comment, to appeal), not an action due: it closes, it is never overdue.
    window: bool = False
    # A rule the school keeps for itself, not the law: its source says whose practice it is, and
    # the caseload and dashboards never call it statutory.
    local: bool = False
    # What sets the period case by case (a service's usual waiting time); `period` is used when
    # nothing is recorded. Only such a rule takes a period from the caller.
    period_from: str = ""

    @property
    def period_text(self) -> str:
        if self.unit == Unit.DAY_OF_YEAR:
            return f"{self.period} {_MONTHS[self.month]} in the calendar year of the transfer"
        unit = self.unit.value if self.period != 1 else self.unit.value.rstrip("s")
        if self.days != Days.CALENDAR:
            unit = f"{self.days.value} {unit}"
        counted = f"{self.period} {unit} {self.direction.value} the {self.starting_event}"
        if self.period_from:
            return f"{self.period_from} ({counted} where none is recorded)"
        return counted

    @property
    def summary(self) -> str:
        """The rule and its source as every deadline shows them."""
        return f"{self.description}: {self.source}"


_MONTHS = {2: "February", 3: "March"}

REG = "SEND Regulations 2014"
COP = "SEND Code of Practice"
CARE_PLANNING = "Care Planning, Placement and Case Review (England) Regulations 2010"
REG_10_4 = f"{REG}, reg 10(4)"
TRIBUNAL_RULES = "Tribunal Procedure (First-tier Tribunal) (Health, Education and Social Care Chamber) Rules 2008"

C, W, S = Days.CALENDAR, Days.WORKING, Days.SCHOOL
AFTER, BEFORE = Direction.AFTER, Direction.BEFORE

RULES: tuple[Rule, ...] = (
    Rule(
        "ehc-decision-to-assess", Kind.ASSESSMENT, "request for an EHC needs assessment", 6, Unit.WEEKS, C, AFTER,
        f"{REG}, reg 5(3); {COP} 9.40",
        "The local authority decides whether to assess within 6 weeks of the request",
    ),
    Rule(
        "ehc-advice", Kind.ASSESSMENT, "local authority's request for advice", 6, Unit.WEEKS, C, AFTER,
        f"{REG}, reg 8; {COP} 9.40",
        "Advice and information for the assessment within 6 weeks of the local authority asking",
        exception_source=f"{REG}, reg 8(2)",
    ),
    Rule(
        "ehc-no-plan-decision", Kind.ASSESSMENT, "request for an EHC needs assessment", 16, Unit.WEEKS, C, AFTER,
        f"{REG}, reg 10(1); {COP} 9.40",
        "A decision not to issue a plan within 16 weeks of the request",
        exception_source=REG_10_4,
    ),
    Rule(
        "ehc-draft-comments", Kind.ASSESSMENT, "draft plan being sent", 15, Unit.DAYS, C, AFTER,
        f"{REG}, reg 13(1); {COP} 9.77 to 9.79",
        "At least 15 days for the parent or young person to comment on the draft plan and ask for a school",
        window=True,
    ),
    Rule(
        "ehc-naming-consultation", Kind.ASSESSMENT, "consultation on naming the school", 15, Unit.DAYS, C, AFTER,
        f"Children and Families Act 2014, s.39; {COP} 9.80",
        "The school consulted about being named in the plan responds within 15 days",
    ),
    Rule(
        "ehc-final-plan", Kind.ASSESSMENT, "request for an EHC needs assessment", 20, Unit.WEEKS, C, AFTER,
        f"{REG}, reg 13(2); {COP} 9.40",
        "The final EHC plan within 20 weeks of the request",
        exception_source=f"{REG_10_4} and reg 13(3)",
    ),
    Rule(
        "ehc-appeal", Kind.ASSESSMENT, "decision letter", 2, Unit.MONTHS, C, AFTER,
        f"{TRIBUNAL_RULES}, rule 20(1)(a); Children and Families Act 2014, s.51",
        "The parent or young person may appeal to the SEND Tribunal within 2 months of the decision letter",
        window=True,
    ),
    Rule(
        "ehc-appeal-after-mediation", Kind.ASSESSMENT, "mediation certificate", 1, Unit.MONTHS, C, AFTER,
        f"{TRIBUNAL_RULES}, rule 20(1)(b); Children and Families Act 2014, s.55",
        "Or, if later, within 1 month of the mediation certificate",
        window=True,
    ),
    Rule(
        "reassessment-final-plan", Kind.ASSESSMENT, "notice to re-assess", 14, Unit.WEEKS, C, AFTER,
        f"{REG}, reg 27(2)",
        "The amended or replacement plan within 14 weeks of the notice to re-assess",
        exception_source=f"{REG}, reg 27(3)",
    ),
    Rule(
        "annual-review-due", Kind.ANNUAL_REVIEW, "plan being issued or last reviewed", 12, Unit.MONTHS, C, AFTER,
        f"Children and Families Act 2014, s.44(1); {COP} 9.166",
        "The plan is reviewed within 12 months of being issued or last reviewed",
    ),
    Rule(
        "ar-invitations", Kind.ANNUAL_REVIEW, "review meeting", 2, Unit.WEEKS, C, BEFORE,
        f"{REG}, reg 20(3)",
        "Invitations at least 2 weeks before the meeting",
    ),
    Rule(
        "ar-advice-circulated", Kind.ANNUAL_REVIEW, "review meeting", 2, Unit.WEEKS, C, BEFORE,
        f"{REG}, reg 20(4)",
        "Advice and information circulated at least 2 weeks before the meeting",
    ),
    Rule(
        "ar-report", Kind.ANNUAL_REVIEW, "review meeting", 2, Unit.WEEKS, C, AFTER,
        f"{REG}, reg 20(7) and (8)",
        "The review report to the local authority and everyone invited within 2 weeks of the meeting",
    ),
    Rule(
        "ar-la-decision", Kind.ANNUAL_REVIEW, "review meeting", 4, Unit.WEEKS, C, AFTER,
        f"{REG}, reg 20(10); {COP} 9.176",
        "The local authority's decision (keep, amend or cease the plan) within 4 weeks of the meeting",
    ),
    Rule(
        "amendment-representations", Kind.AMENDMENT, "notice of proposed amendments", 15, Unit.DAYS, C, AFTER,
        f"{REG}, reg 22(2)",
        "At least 15 days for the parent or young person to make representations on proposed amendments",
        window=True,
    ),
    Rule(
        "amendment-final-plan", Kind.AMENDMENT, "notice of proposed amendments", 8, Unit.WEEKS, C, AFTER,
        f"{REG}, reg 22(3) and (4)",
        "The final amended plan within 8 weeks of the proposed amendments being sent",
    ),
    Rule(
        "phase-transfer", Kind.PHASE_TRANSFER, "transfer", 15, Unit.DAY_OF_YEAR, C, BEFORE,
        f"{REG}, reg 18(1)(b)",
        "The plan reviewed and amended to name the new school by 15 February of the year of transfer",
        month=2,
    ),
    Rule(
        "phase-transfer-post16", Kind.PHASE_TRANSFER, "transfer", 31, Unit.DAY_OF_YEAR, C, BEFORE,
        f"{REG}, reg 18(1)(a)",
        "The plan reviewed and amended to name the post-16 institution by 31 March of the year of transfer",
        month=3,
    ),
    Rule(
        "pep-initiate", Kind.LOOKED_AFTER, "child becoming looked after", 10, Unit.DAYS, W, AFTER,
        f"{CARE_PLANNING} (emergency placement); DfE, Promoting the education of looked-after children (2018)",
        "The personal education plan is initiated within 10 working days of an emergency placement",
    ),
    Rule(
        "pep-first-review", Kind.LOOKED_AFTER, "child becoming looked after", 20, Unit.DAYS, W, AFTER,
        f"{CARE_PLANNING}, reg 33",
        "The personal education plan is ready for the first care plan review, within 20 working days",
    ),
    Rule(
        "educational-record-request", Kind.RECORDS, "parent's written request", 15, Unit.DAYS, S, AFTER,
        "Education (Pupil Information) (England) Regulations 2005, reg 5",
        "A parent sees or gets a copy of the educational record within 15 school days of asking",
    ),
    Rule(
        "referral-response", Kind.REFERRAL, "referral being sent", 6, Unit.WEEKS, C, AFTER,
        "Local rule, not statutory: the usual waiting time the service gives, as the school records it "
        "in its directory of services",
        "The service responds to a referral within its usual waiting time",
        local=True, period_from="the service's usual waiting time",
    ),
)  # fmt: skip

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def rule(rule_id: str) -> Rule:
    """The rule with this id; KeyError names the id if there is none."""
    return RULES_BY_ID[rule_id]
