"""A trust-sized dataset for benchmarks: Benchmark Trust with N primaries and secondaries and
their pupils, built by the same code as the demo, with a SENDCo and a teacher to sign in as."""

from __future__ import annotations

import dataclasses
import math
import random
import string

from django.utils.text import slugify

from opensend.accounts.models import GroupStaff, Role
from opensend.schools.models import School

from .names import PLACES
from .plans import SchoolPlan, TrustPlan, YearPlan
from .scale_provision import seed_provision_at_scale
from .seed import SeedResult, seed_trust
from .staff import StaffDraft

BENCH_TRUST_NAME = "Benchmark Trust"
BENCH_EMAIL_DOMAIN = "bench.opensend.test"
BENCH_PASSWORD = "opensend-bench"
BENCH_TA = f"ta@{BENCH_EMAIL_DOMAIN}"
BENCH_SEED = 25000
# West Midlands LA numbers, none of which the demo uses, so UPNs never collide between the two.
BENCH_LA_CODES = ("330", "331", "332", "333", "334", "335")
BENCH_EXTERNAL_LA_CODES = ("336", "340", "341")

PRIMARY_YEARS = ("R", "1", "2", "3", "4", "5", "6")
SECONDARY_YEARS = ("7", "8", "9", "10", "11")
# A secondary year group is about four and a half times a primary one (national averages:
# about 280 pupils in a primary, about 1,000 in a secondary).
SECONDARY_YEAR_WEIGHT = 4.5
SECONDARY_SHARE = 0.2
PUPILS_PER_FORM = 30
# The largest English schools have a few thousand pupils; beyond that UPN serials run out.
MAX_AVERAGE_SCHOOL_SIZE = 2000
# Keeps URNs at six digits and primary establishment numbers below the secondary range.
MAX_SCHOOLS = 500
# A leaver for every 200 pupils and a move within the trust for every 500 (guesses).
PUPILS_PER_LEAVER = 200
PUPILS_PER_MOVER = 500
# 5,000 EHC plans in a trust of 25,000 pupils: four times the national rate (about 5% of pupils),
# so the statutory caseload and the deadlines command are measured under more than a real load.
EHC_PLANS_PER_PUPIL = 0.2


class ScalePlanError(ValueError):
    pass


def split(total: int, weights: list[float]) -> list[int]:
    """`total` shared in proportion to `weights`, in whole numbers that add up exactly."""
    exact = [total * weight / sum(weights) for weight in weights]
    shares = [math.floor(value) for value in exact]
    by_remainder = sorted(range(len(weights)), key=lambda index: shares[index] - exact[index])
    for index in by_remainder[: total - sum(shares)]:
        shares[index] += 1
    return shares


def _secondary_indexes(schools: int) -> set[int]:
    """Spread the secondaries through the list; school 1 is always a primary."""
    count = 0 if schools < 2 else max(1, round(schools * SECONDARY_SHARE))
    return {round((number + 1) * schools / count) - 1 for number in range(count)}


def _form_name(nc_year: str, index: int) -> str:
    letter = string.ascii_uppercase[index] if index < 26 else str(index + 1)
    return f"{nc_year}{letter}"


def _year_plans(years: tuple[str, ...], pupils: int, *, secondary: bool) -> tuple[YearPlan, ...]:
    plans = []
    for nc_year, size in zip(years, split(pupils, [1.0] * len(years)), strict=True):
        forms = max(1, math.ceil(size / PUPILS_PER_FORM))
        names = tuple(_form_name(nc_year, index) for index in range(forms))
        plans.append(YearPlan(nc_year, size, names, sets_per_subject=forms if secondary else 0))
    return tuple(plans)


def _school_name(index: int, secondary: bool) -> str:
    place = PLACES[index % len(PLACES)]
    round_ = index // len(PLACES)
    suffixes = ("Academy", "High School", "School") if secondary else ("Primary", "Primary Academy", "CofE Primary")
    name = f"{place} {suffixes[round_ % len(suffixes)]}"
    return name if round_ < len(suffixes) else f"{name} {round_ // len(suffixes) + 1}"


def scale_plan(*, schools: int, pupils: int) -> TrustPlan:
    if not 1 <= schools <= MAX_SCHOOLS or pupils < schools:
        raise ScalePlanError(f"A benchmark trust needs 1 to {MAX_SCHOOLS} schools and a pupil for each.")
    if pupils / schools > MAX_AVERAGE_SCHOOL_SIZE:
        raise ScalePlanError(f"That is more than {MAX_AVERAGE_SCHOOL_SIZE} pupils a school; add schools.")
    secondary = _secondary_indexes(schools)
    leavers = pupils // PUPILS_PER_LEAVER
    weights = [
        len(SECONDARY_YEARS) * SECONDARY_YEAR_WEIGHT if index in secondary else len(PRIMARY_YEARS)
        for index in range(schools)
    ]
    sizes = split(pupils - leavers, weights)
    plans = [_school_plan(index, size, index in secondary) for index, size in enumerate(sizes)]
    return TrustPlan(
        name=BENCH_TRUST_NAME,
        schools=tuple(_with_feeders(plan, plans) for plan in plans),
        email_domain=BENCH_EMAIL_DOMAIN,
        external_la_codes=BENCH_EXTERNAL_LA_CODES,
        movers=pupils // PUPILS_PER_MOVER,
        leavers=leavers,
        ehc_plans=round(pupils * EHC_PLANS_PER_PUPIL),
    )


def _school_plan(index: int, pupils: int, secondary: bool) -> SchoolPlan:
    name = _school_name(index, secondary)
    years = _year_plans(SECONDARY_YEARS if secondary else PRIMARY_YEARS, pupils, secondary=secondary)
    cared_for = round(pupils * 0.005)
    return SchoolPlan(
        slug=slugify(name),
        name=name,
        urn=f"{900001 + index:06d}",
        la_code=BENCH_LA_CODES[index % len(BENCH_LA_CODES)],
        establishment_number=f"{(4000 if secondary else 2000) + index + 1:04d}",
        phase=School.Phase.SECONDARY if secondary else School.Phase.PRIMARY,
        years=years,
        looked_after=cared_for,
        previously_looked_after=cared_for,
        inset_days=1 if index % 4 == 3 else 0,
        groups_per_ta=2 if secondary else 1,
    )


def _with_feeders(plan: SchoolPlan, plans: list[SchoolPlan]) -> SchoolPlan:
    """Secondary pupils got their UPNs at the trust's primaries in the same LA, or at others."""
    if not plan.is_secondary:
        return plan
    local = tuple(
        other.establishment_number for other in plans if other.la_code == plan.la_code and not other.is_secondary
    )
    outside = tuple(f"{3000 + int(plan.establishment_number) % 1000 * 4 + number:04d}" for number in range(4))
    return dataclasses.replace(plan, feeder_establishments=local + outside)


def bench_accounts(plan: TrustPlan) -> list[StaffDraft]:
    """The SENDCo, the class teacher and the teaching assistant the benchmark signs in as, all at
    school 1."""
    first = plan.schools[0]
    group = first.registration_groups()[len(first.registration_groups()) // 2][0]
    return [
        StaffDraft(
            email=f"sendco@{BENCH_EMAIL_DOMAIN}",
            first_name="Bench",
            last_name="Sendco",
            title="Ms",
            role=Role.SENDCO.value,
            school=first.slug,
            password=BENCH_PASSWORD,
        ),
        StaffDraft(
            email=f"teacher@{BENCH_EMAIL_DOMAIN}",
            first_name="Bench",
            last_name="Teacher",
            title="Mr",
            role=Role.TEACHER.value,
            school=first.slug,
            groups=[(group, GroupStaff.Kind.TEACHER)],
            password=BENCH_PASSWORD,
        ),
        StaffDraft(
            email=BENCH_TA,
            first_name="Bench",
            last_name="Assistant",
            title="Mrs",
            role=Role.TA.value,
            school=first.slug,
            groups=[(group, GroupStaff.Kind.TA)],
            password=BENCH_PASSWORD,
        ),
    ]


def seed_scale(*, schools: int, pupils: int, reset: bool = False) -> SeedResult:
    plan = scale_plan(schools=schools, pupils=pupils)
    result = seed_trust(plan, named=bench_accounts(plan), seed=BENCH_SEED, reset=reset)
    # About four logged sessions for every pupil: 100,000 for a 25,000-pupil trust.
    seed_provision_at_scale(result, random.Random(f"{BENCH_SEED}-provision"), first_ta_email=BENCH_TA)
    return result
