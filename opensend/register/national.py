"""National figures the register is compared with, each with its source and the census it comes from
(statutory-rules.md section 6). Kept in one place so a new year's release is one edit here.

Only published figures belong here. The demo's synthetic proportions for SEN support needs
(section 6.3) are approximations and are deliberately not shown as national figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from .codes import BroadArea, Provision, SenType, broad_area


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Figure:
    percent: float
    period: str  # shown as the column heading or beside the figure, e.g. "England, January 2026"
    source: Source


SEN_IN_ENGLAND_2026 = Source(
    "Special educational needs in England, 2025/26 (DfE, school census January 2026)",
    "https://explore-education-statistics.service.gov.uk/find-statistics/special-educational-needs-in-england",
)
SEN_IN_ENGLAND_2025 = Source(
    "Special educational needs in England, 2024/25 (DfE, school census January 2025)",
    "https://explore-education-statistics.service.gov.uk/find-statistics/special-educational-needs-in-england",
)
EHC_PLANS_2025 = Source(
    "Education, health and care plans (DfE, SEN2, active plans in January 2025, all ages 0 to 25)",
    "https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans",
)

JANUARY_2026 = "England, January 2026"
JANUARY_2025 = "England, January 2025"

# Share of all pupils in schools in England. "All SEN" is the sum of the two published shares.
PROVISION: dict[str, Figure] = {
    Provision.EHC_PLAN: Figure(6.0, JANUARY_2026, SEN_IN_ENGLAND_2026),
    Provision.SEN_SUPPORT: Figure(14.8, JANUARY_2026, SEN_IN_ENGLAND_2026),
    "SEN": Figure(20.8, JANUARY_2026, SEN_IN_ENGLAND_2026),
}
PROVISION_2025: dict[str, Figure] = {
    Provision.EHC_PLAN: Figure(5.3, JANUARY_2025, SEN_IN_ENGLAND_2025),
    Provision.SEN_SUPPORT: Figure(14.2, JANUARY_2025, SEN_IN_ENGLAND_2025),
    "SEN": Figure(19.5, JANUARY_2025, SEN_IN_ENGLAND_2025),
}

# Pupils with SEN (EHC plan or SEN support) as a share of pupils, by phase, January 2026.
SEN_BY_PHASE: dict[str, Figure] = {
    "nursery": Figure(19.1, JANUARY_2026, SEN_IN_ENGLAND_2026),
    "primary": Figure(19.4, JANUARY_2026, SEN_IN_ENGLAND_2026),
    "secondary": Figure(17.6, JANUARY_2026, SEN_IN_ENGLAND_2026),
}
_PHASES = {"NS": "nursery", "PS": "primary", "MP": "primary", "SS": "secondary", "MS": "secondary"}


def sen_for_phase(phase_code: str) -> tuple[str, Figure] | None:
    """The national share of pupils with SEN in schools of this census phase, if one is published."""
    phase = _PHASES.get(phase_code)
    return (phase, SEN_BY_PHASE[phase]) if phase else None


# The most common primary need, the one figure per provision published for school pupils.
MOST_COMMON_PRIMARY_NEED: dict[str, tuple[str, Figure]] = {
    Provision.EHC_PLAN: (SenType.ASD, Figure(33.6, JANUARY_2025, SEN_IN_ENGLAND_2025)),
    Provision.SEN_SUPPORT: (SenType.SLCN, Figure(25.7, JANUARY_2025, SEN_IN_ENGLAND_2025)),
}

# Primary need of all active EHC plans (SEN2, all ages), percent. DS was suppressed in the release.
EHC_PLAN_PRIMARY_NEED_PERIOD = "EHC plans, England, January 2025"
EHC_PLAN_PRIMARY_NEED: dict[str, float] = {
    SenType.ASD: 31.5,
    SenType.SLCN: 21.3,
    SenType.SEMH: 20.7,
    SenType.MLD: 10.6,
    SenType.SLD: 3.9,
    SenType.PD: 3.9,
    SenType.SPLD: 2.4,
    SenType.HI: 1.4,
    SenType.PMLD: 1.3,
    SenType.OTH: 1.2,
    SenType.VI: 0.8,
    SenType.MSI: 0.3,
}


def ehc_plan_primary_need(code: str) -> Figure | None:
    percent = EHC_PLAN_PRIMARY_NEED.get(code)
    return Figure(percent, EHC_PLAN_PRIMARY_NEED_PERIOD, EHC_PLANS_2025) if percent is not None else None


def ehc_plan_broad_areas() -> dict[str, Figure]:
    """The EHC plan primary needs added up by broad area (derived here, not published as such)."""
    totals: dict[str, float] = {}
    for code, percent in EHC_PLAN_PRIMARY_NEED.items():
        area = broad_area(code)
        if area is not None:
            totals[area] = totals.get(area, 0.0) + percent
    return {
        area: Figure(round(totals.get(area, 0.0), 1), EHC_PLAN_PRIMARY_NEED_PERIOD, EHC_PLANS_2025)
        for area in BroadArea.values
    }
