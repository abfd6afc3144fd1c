"""Census readiness: the school census SEN validation rules (statutory-rules.md section 3.4) as pure
functions over plain records, so every rule can be tested with worked examples and the page and the
census_check command say exactly the same thing.

Rule numbers and texts follow the DfE validation rules as recorded in section 3.4; check them against
the current year's "School census validation rules" before each census.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .codes import SenType

VALID_PROVISIONS = frozenset({"N", "K", "E"})
DISCONTINUED_STATEMENT = "S"
# Provisions that mean the pupil has SEN ("S" is still SEN, only recoded).
WITH_SEN = frozenset({"K", "E", DISCONTINUED_STATEMENT})
# Census phases from which the SEN unit and resourced provision indicators are not required.
NO_BASE_INDICATOR_PHASES = frozenset({"SP", "PR"})
SPECIAL_SCHOOL = "SP"
CENSUS_RANKS = 2


class Severity(enum.StrEnum):
    ERROR = "error"  # the return fails until it is fixed
    QUERY = "query"  # the return goes, but the DfE asks about it: check it is right


@dataclass(frozen=True)
class Rule:
    number: str
    text: str
    severity: Severity = Severity.ERROR


def _rules(*rules: Rule) -> dict[str, Rule]:
    return {rule.number: rule for rule in rules}


RULES: dict[str, Rule] = _rules(
    Rule("2115", "Code 'S' (statement of SEN) has been discontinued: re-code it as 'E'."),
    Rule("2120", "Pupil with missing SEN provision or invalid value."),
    Rule("2125", "Pupil shows SEN information where SEN provision is none (N)."),
    Rule("2130", "Pupil SEN type code required where SEN type ranking provided."),
    Rule("2140", "Ranking of special educational need is missing or invalid."),
    Rule("2160", "If only one SEN type is present it must be the primary need (rank 1)."),
    Rule("2165", "Each SEN type must have a different ranking: two needs cannot have the same rank."),
    Rule(
        "2166",
        "A maximum of two types of SEN need should be included in the return: the census takes rank 1 "
        "(primary) and rank 2 (secondary) only.",
        Severity.QUERY,
    ),
    Rule("2170", "A valid SEN type must be provided for pupils with SEN provision 'K', 'S' or 'E'."),
    Rule("2175", "SEN type 'NSA' can only be used where SEN provision is 'K'."),
    Rule("2180", "Pupil in a special school with no SEN.", Severity.QUERY),
    Rule("2230", "SEN unit indicator must be provided if SEN provision is 'E' or 'K'."),
    Rule("2250", "Resourced provision indicator must be provided if SEN provision is 'E' or 'K'."),
    Rule(
        "2310",
        "SEN provision is not a valid value.",
    ),
    Rule(
        "5049",
        "SEN unit indicator is not required from special schools (phase SP) or pupil referral units (PR).",
        Severity.QUERY,
    ),
    Rule(
        "5050",
        "Resourced provision indicator is not required from special schools (phase SP) or pupil referral units (PR).",
        Severity.QUERY,
    ),
)


@dataclass(frozen=True)
class CensusNeed:
    need_type: str
    rank: int | None


@dataclass(frozen=True)
class CensusPupil:
    """What the census would say about one pupil's SEN. `key` identifies the pupil to the caller.

    An indicator of None is "not provided"; True or False is the value the return would carry."""

    key: object
    provision: str | None
    needs: tuple[CensusNeed, ...] = ()
    sen_unit_indicator: bool | None = False
    resourced_provision_indicator: bool | None = False
    # Why an indicator could not be given, for the person fixing it.
    indicator_note: str = ""


@dataclass(frozen=True)
class Issue:
    rule: Rule
    key: object
    detail: str = ""

    @property
    def is_error(self) -> bool:
        return self.rule.severity == Severity.ERROR


def _issue(number: str, pupil: CensusPupil, detail: str = "") -> Issue:
    return Issue(RULES[number], pupil.key, detail)


def _provision_issues(pupil: CensusPupil, provision: str) -> list[Issue]:
    if not provision:
        return [_issue("2120", pupil, "No SEN provision is recorded: every pupil on roll needs N, K or E.")]
    if provision == DISCONTINUED_STATEMENT:
        return [_issue("2115", pupil)]
    if provision not in VALID_PROVISIONS:
        return [_issue("2310", pupil, f"'{provision}' is not N, K or E.")]
    return []


def _ranking_issues(pupil: CensusPupil) -> list[Issue]:
    issues = []
    for need in pupil.needs:
        if need.need_type not in SenType.values:
            shown = f"'{need.need_type}' is not a SEN type" if need.need_type else "there is no SEN type"
            issues.append(_issue("2130", pupil, f"Rank {need.rank}: {shown}."))
        if need.rank is None or need.rank < 1:
            issues.append(_issue("2140", pupil, f"{need.need_type or 'A need'} has no valid rank."))
    ranks = [need.rank for need in pupil.needs if need.rank is not None and need.rank >= 1]
    if len(pupil.needs) == 1 and ranks and ranks[0] != 1:
        issues.append(_issue("2160", pupil, f"The only need is ranked {ranks[0]}."))
    repeated = sorted(rank for rank, count in Counter(ranks).items() if count > 1)
    if repeated:
        issues.append(_issue("2165", pupil, f"More than one need is ranked {', '.join(map(str, repeated))}."))
    distinct = sorted(set(ranks))
    if len(distinct) > 1 and distinct != list(range(1, len(distinct) + 1)):
        issues.append(
            _issue("2140", pupil, f"The ranks are {', '.join(map(str, distinct))}: they must run 1, 2, 3 in order.")
        )
    if len(pupil.needs) > CENSUS_RANKS:
        issues.append(
            _issue("2166", pupil, f"{len(pupil.needs)} needs are recorded: the census will take ranks 1 and 2.")
        )
    return issues


def _sen_issues(pupil: CensusPupil, provision: str) -> list[Issue]:
    issues = []
    types = [need.need_type for need in pupil.needs]
    if provision == "N":
        members = [
            name
            for name, value in (
                ("SEN unit", pupil.sen_unit_indicator),
                ("resourced provision", pupil.resourced_provision_indicator),
            )
            if value
        ]
        if types:
            issues.append(_issue("2125", pupil, f"Needs recorded: {', '.join(types)}."))
        if members:
            issues.append(_issue("2125", pupil, f"Recorded as a member of the {' and '.join(members)}."))
    if provision in WITH_SEN and not any(code in SenType.values for code in types):
        issues.append(_issue("2170", pupil, f"Provision {provision} but no need is recorded."))
    if SenType.NSA in types and provision != "K":
        issues.append(_issue("2175", pupil, f"NSA is recorded with provision {provision}."))
    return issues


def _indicator_issues(pupil: CensusPupil, provision: str, phase: str) -> list[Issue]:
    indicators = (("2230", "5049", pupil.sen_unit_indicator), ("2250", "5050", pupil.resourced_provision_indicator))
    issues = []
    for required, not_required, value in indicators:
        if phase in NO_BASE_INDICATOR_PHASES:
            if value:
                issues.append(_issue(not_required, pupil))
        elif provision in WITH_SEN and value is None:
            issues.append(_issue(required, pupil, pupil.indicator_note))
    return issues


def check_pupil(pupil: CensusPupil, *, phase: str) -> list[Issue]:
    """Every census SEN rule this pupil fails, in rule order. `phase` is the school's census phase."""
    provision = (pupil.provision or "").strip().upper()
    issues = _provision_issues(pupil, provision) + _ranking_issues(pupil)
    if provision:
        issues += _sen_issues(pupil, provision) + _indicator_issues(pupil, provision, phase)
    if phase == SPECIAL_SCHOOL and provision == "N":
        issues.append(_issue("2180", pupil))
    return sorted(issues, key=lambda issue: issue.rule.number)


def check(pupils: Iterable[CensusPupil], *, phase: str) -> list[Issue]:
    """The issues of every pupil, errors before queries, each pupil's in rule order."""
    issues = [issue for pupil in pupils for issue in check_pupil(pupil, phase=phase)]
    return sorted(issues, key=lambda issue: (not issue.is_error, issue.rule.number))
