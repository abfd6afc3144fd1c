"""Planned SEN status for synthetic pupils, drawn from DfE proportions by phase.

The one place the demo decides who has SEN. Nothing is stored yet: the register model comes later
and will persist what `plan_sen` returns. Sources: statutory-rules.md section 6 (January census
2025 and 2026; EHC plan primary needs; suggested SEN support needs and phase skew).
"""

from __future__ import annotations

import enum
import random
from dataclasses import dataclass

from .rates import BOY_SHARE, FSM_RATE


class Provision(enum.StrEnum):
    # CBDS "Pupil SEN provision" codes.
    NONE = "N"
    SEN_SUPPORT = "K"
    EHC_PLAN = "E"


class SenPhase(enum.StrEnum):
    NURSERY = "nursery"
    PRIMARY = "primary"
    SECONDARY = "secondary"


class Base(enum.StrEnum):
    NONE = ""
    RESOURCED_PROVISION = "resourced-provision"
    SEN_UNIT = "sen-unit"


@dataclass(frozen=True)
class PlannedSen:
    provision: Provision = Provision.NONE
    primary_need: str = ""
    secondary_need: str = ""
    base: Base = Base.NONE

    @property
    def has_sen(self) -> bool:
        return self.provision != Provision.NONE


NO_SEN = PlannedSen()

# (EHC plan, SEN support) shares of pupils by phase: January 2026 totals of 19.1% / 19.4% / 17.6%,
# split using the section 6.3 suggestions (about 3.75% EHCP in primary, 3% in secondary).
RATES: dict[SenPhase, tuple[float, float]] = {
    SenPhase.NURSERY: (0.030, 0.161),
    SenPhase.PRIMARY: (0.0375, 0.1565),
    SenPhase.SECONDARY: (0.030, 0.146),
}

# Boys are 71% of pupils with an EHC plan and 61% of those on SEN support; 43.8% of EHCP pupils and
# 39.3% of SEN support pupils are FSM-eligible. Dividing by the population shares gives multipliers
# that average to one, so the phase totals above still hold.
SHARE_BOYS = {Provision.EHC_PLAN: 0.71, Provision.SEN_SUPPORT: 0.61}
SHARE_FSM = {Provision.EHC_PLAN: 0.438, Provision.SEN_SUPPORT: 0.393}

# Primary need of pupils with an EHC plan (section 6.2), ASD raised to 34% as for school pupils.
EHCP_NEEDS: dict[str, float] = {
    "ASD": 34.0, "SLCN": 21.3, "SEMH": 20.7, "MLD": 10.6, "SLD": 3.9, "PD": 3.9, "SPLD": 2.4,
    "HI": 1.4, "PMLD": 1.3, "OTH": 1.2, "VI": 0.8, "MSI": 0.3, "DS": 0.3,
}  # fmt: skip
# Primary need of pupils on SEN support (section 6.3; only SLCN is an official figure).
SUPPORT_NEEDS: dict[str, float] = {
    "SLCN": 25.7, "SEMH": 21.0, "MLD": 16.0, "SPLD": 15.0, "ASD": 8.5, "OTH": 4.8, "NSA": 4.0,
    "PD": 2.0, "HI": 1.5, "VI": 0.8, "SLD": 0.3, "MSI": 0.2, "PMLD": 0.1, "DS": 0.1,
}  # fmt: skip
# SLCN is much more common in primary, SpLD about twice as common in secondary as in primary, and
# specific learning difficulties are rarely identified before school.
PHASE_SKEW: dict[SenPhase, dict[str, float]] = {
    SenPhase.NURSERY: {"SLCN": 1.8, "SPLD": 0.1, "MLD": 0.6},
    SenPhase.PRIMARY: {"SLCN": 1.25, "SPLD": 0.7},
    SenPhase.SECONDARY: {"SLCN": 0.5, "SPLD": 1.4, "SEMH": 1.3},
}
# Pupils placed in a resourced provision or SEN unit: mostly autism and communication bases.
BASE_NEEDS: dict[str, float] = {"ASD": 60.0, "SLCN": 22.0, "SEMH": 10.0, "MLD": 8.0}
# About 40-50% of SEN pupils have a secondary need (uncertain); base pupils more often.
SECONDARY_NEED_RATE = 0.45
BASE_SECONDARY_NEED_RATE = 0.6

NURSERY_YEARS = frozenset({"N1", "N2"})


def sen_phase(nc_year: str) -> SenPhase:
    if nc_year in NURSERY_YEARS:
        return SenPhase.NURSERY
    if nc_year == "R" or int(nc_year) <= 6:
        return SenPhase.PRIMARY
    return SenPhase.SECONDARY


def _likelihood(provision: Provision, *, sex: str, fsm: bool) -> float:
    boys = SHARE_BOYS[provision]
    by_sex = boys / BOY_SHARE if sex == "M" else (1 - boys) / (1 - BOY_SHARE)
    fsm_share = SHARE_FSM[provision]
    by_fsm = fsm_share / FSM_RATE if fsm else (1 - fsm_share) / (1 - FSM_RATE)
    return by_sex * by_fsm


def _pick(rng: random.Random, weights: dict[str, float], *, excluding: str = "") -> str:
    codes = [code for code in weights if code != excluding]
    return rng.choices(codes, weights=[weights[code] for code in codes])[0]


def _skewed(weights: dict[str, float], phase: SenPhase) -> dict[str, float]:
    skew = PHASE_SKEW[phase]
    return {code: weight * skew.get(code, 1.0) for code, weight in weights.items()}


def _secondary_need(rng: random.Random, primary: str, phase: SenPhase, rate: float) -> str:
    # "No specialist assessment" says nothing further is known, so it has no second need.
    if primary == "NSA" or rng.random() >= rate:
        return ""
    candidates = {code: weight for code, weight in _skewed(SUPPORT_NEEDS, phase).items() if code != "NSA"}
    return _pick(rng, candidates, excluding=primary)


def plan_sen(rng: random.Random, *, nc_year: str, sex: str, fsm: bool) -> PlannedSen:
    """Whether a pupil has SEN, at what level and with which needs."""
    phase = sen_phase(nc_year)
    ehcp_rate, support_rate = RATES[phase]
    ehcp = ehcp_rate * _likelihood(Provision.EHC_PLAN, sex=sex, fsm=fsm)
    support = support_rate * _likelihood(Provision.SEN_SUPPORT, sex=sex, fsm=fsm)
    draw = rng.random()
    if draw < ehcp:
        primary = _pick(rng, EHCP_NEEDS)
        provision = Provision.EHC_PLAN
    elif draw < ehcp + support:
        primary = _pick(rng, _skewed(SUPPORT_NEEDS, phase))
        provision = Provision.SEN_SUPPORT
    else:
        return NO_SEN
    return PlannedSen(provision, primary, _secondary_need(rng, primary, phase, SECONDARY_NEED_RATE))


def plan_base_place(rng: random.Random, *, nc_year: str, base: Base) -> PlannedSen:
    """A pupil with an EHC plan naming the school's resourced provision or SEN unit."""
    phase = sen_phase(nc_year)
    primary = _pick(rng, BASE_NEEDS)
    return PlannedSen(Provision.EHC_PLAN, primary, _secondary_need(rng, primary, phase, BASE_SECONDARY_NEED_RATE), base)
