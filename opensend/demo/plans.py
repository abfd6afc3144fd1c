"""What a seeded trust looks like, before anything is written: its schools, their year groups,
classes and sets, and how many pupils join, move or leave. seed_demo and seed_scale each build a
`TrustPlan`; everything after that is shared."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from opensend.schools.models import School

# Everything dated is relative to this Monday in the second half of the autumn term, not to today,
# so the demo looks the same whenever it is seeded.
REFERENCE_DATE = datetime.date(2026, 11, 23)

# Teaching sets in secondary schools: (short code for the group name, subject).
SET_SUBJECTS: tuple[tuple[str, str], ...] = (("Ma", "Maths"), ("En", "English"))

# Age on 31 August at the start of the year, by National Curriculum year.
AGE_AT_START: dict[str, int] = {"N1": 2, "N2": 3, "R": 4, **{str(year): 4 + year for year in range(1, 15)}}


@dataclass(frozen=True)
class YearPlan:
    nc_year: str
    pupils: int
    forms: tuple[str, ...]
    # Teaching sets per subject in SET_SUBJECTS; 0 where pupils are taught in their class.
    sets_per_subject: int = 0

    def set_names(self) -> tuple[str, ...]:
        return tuple(
            set_name(self.nc_year, code, number)
            for code, _ in SET_SUBJECTS
            for number in range(1, self.sets_per_subject + 1)
        )


def set_name(nc_year: str, subject_code: str, number: int) -> str:
    return f"{nc_year} {subject_code}{number}"


@dataclass(frozen=True)
class SchoolPlan:
    slug: str
    name: str
    urn: str
    la_code: str
    establishment_number: str
    phase: str
    years: tuple[YearPlan, ...]
    sen_unit_name: str = ""
    resourced_provision_name: str = ""
    resourced_provision_places: int | None = None
    # Pupils with an EHC plan placed in the unit or resourced provision.
    base_pupils: int = 0
    looked_after: int = 0
    previously_looked_after: int = 0
    # Extra training days before the pupils' first day of the year.
    inset_days: int = 0
    # Primary schools in the same LA whose UPNs pupils arrive with (secondary schools).
    feeder_establishments: tuple[str, ...] = ()
    # A primary of the trust whose leavers last July came here, and how many of them.
    feeder_school: str = ""
    feeder_pupils: int = 0
    # How many groups one teaching assistant supports.
    groups_per_ta: int = 1

    @property
    def is_secondary(self) -> bool:
        return self.phase == School.Phase.SECONDARY

    @property
    def entry_year(self) -> str:
        return self.years[0].nc_year

    @property
    def pupils(self) -> int:
        return sum(year.pupils for year in self.years)

    def year(self, nc_year: str) -> YearPlan | None:
        return next((year for year in self.years if year.nc_year == nc_year), None)

    def registration_groups(self) -> list[tuple[str, str]]:
        """(group name, NC year) for every class or tutor group."""
        return [(form, year.nc_year) for year in self.years for form in year.forms]

    def teaching_sets(self) -> list[tuple[str, str]]:
        return [(name, year.nc_year) for year in self.years for name in year.set_names()]

    def ta_supported_groups(self) -> list[str]:
        """Primary classes each have a TA; in secondary TAs support the lowest set in each subject."""
        if not self.is_secondary:
            return [form for form, _ in self.registration_groups()]
        return [
            set_name(year.nc_year, code, year.sets_per_subject)
            for year in self.years
            if year.sets_per_subject
            for code, _ in SET_SUBJECTS
        ]


@dataclass(frozen=True)
class TrustPlan:
    name: str
    schools: tuple[SchoolPlan, ...]
    # Staff addresses are firstname.surname@<school slug>.<email_domain>.
    email_domain: str
    # Where pupils who joined from outside the trust were first given a UPN.
    external_la_codes: tuple[str, ...]
    # Pupils who moved between schools of the trust this term, and pupils who have left.
    movers: int = 0
    leavers: int = 0
    # At least this many EHC plans across the trust: pupils are given plans until it has them (the
    # scale dataset's stress test of the statutory caseload). 0 leaves the national rates alone.
    ehc_plans: int = 0

    def school(self, slug: str) -> SchoolPlan:
        return next(school for school in self.schools if school.slug == slug)
