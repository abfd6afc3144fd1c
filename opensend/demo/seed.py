"""Seeding a trust from a plan (shared by seed_demo and seed_scale), and the demo trust itself:
Riverside Learning Trust, an infant and nursery school, a primary with a resourced provision and
a secondary with an SEN unit, about 1,200 pupils, and one account per role at the primary."""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from opensend.accounts.models import GroupStaff, Role
from opensend.schools.models import School

from .plans import SchoolPlan, TrustPlan, YearPlan
from .population import PupilDraft, draft_population
from .reset import delete_seeded_data, seeded_data_exists
from .staff import StaffDraft, accounts_table, draft_staff
from .write import WrittenTrust, write_trust


class SeededDataExists(Exception):
    pass


@dataclass(frozen=True)
class SeedResult:
    plan: TrustPlan
    pupils: list[PupilDraft]
    staff: list[StaffDraft]
    written: WrittenTrust

    @property
    def accounts(self) -> list[StaffDraft]:
        return [person for person in self.staff if person.password]

    def accounts_table(self) -> str:
        return accounts_table(self.accounts, {school.slug: school.name for school in self.plan.schools})


def seed_trust(plan: TrustPlan, *, named: list[StaffDraft], seed: int, reset: bool) -> SeedResult:
    """Draft and write a whole trust. The same seed always gives the same names, dates and ids."""
    with transaction.atomic():
        if seeded_data_exists(plan.name, plan.email_domain):
            if not reset:
                raise SeededDataExists(plan.name)
            delete_seeded_data(plan.name, plan.email_domain)
        rng = random.Random(seed)
        pupils = draft_population(plan, rng)
        staff = draft_staff(plan, rng, named)
        written = write_trust(plan, pupils, staff, rng)
        result = SeedResult(plan, pupils, staff, written)
        for feature_seed in feature_seeders():
            feature_seed(result, random.Random(f"{seed}-{feature_seed.__module__}"))
    return result


def feature_seeders() -> list:
    """Each feature's demo data lives in opensend/demo/feature_<name>.py as `seed(result, rng)`,
    run in the order of the module's ORDER (the register before the plans that read it). Each gets
    its own random stream, so adding one feature does not change another's data."""
    folder = Path(__file__).parent
    modules = [importlib.import_module(f"opensend.demo.{path.stem}") for path in folder.glob("feature_*.py")]
    return [module.seed for module in sorted(modules, key=lambda module: (module.ORDER, module.__name__))]


DEMO_TRUST_NAME = "Riverside Learning Trust"
DEMO_EMAIL_DOMAIN = "demo.opensend.test"
DEMO_PASSWORD = "opensend-demo"
DEMO_SEED = 20261123
# Lincolnshire's LA number; pupils who joined from elsewhere bring UPNs from Kent, Wandsworth and
# Cambridgeshire. The benchmark trust uses other LAs, so both can live in one database.
DEMO_LA_CODE = "925"
DEMO_EXTERNAL_LA_CODES = ("886", "212", "873")

INFANT = "meadowbank"
PRIMARY = "riverside"
SECONDARY = "kingsmead"
HOUSES = ("Avon", "Severn", "Thames", "Trent")


def _houses(nc_year: str) -> tuple[str, ...]:
    return tuple(f"{nc_year} {house}" for house in HOUSES)


def demo_plan() -> TrustPlan:
    infant = SchoolPlan(
        slug=INFANT,
        name="Meadowbank Infant and Nursery School",
        urn="148301",
        la_code=DEMO_LA_CODE,
        establishment_number="2041",
        phase=School.Phase.PRIMARY,
        years=(
            YearPlan("N1", 12, ("Ducklings",)),
            YearPlan("N2", 26, ("Owlets",)),
            YearPlan("R", 58, ("Robins", "Wrens")),
            YearPlan("1", 60, ("Kingfishers", "Woodpeckers")),
            YearPlan("2", 57, ("Herons", "Kestrels")),
        ),
        looked_after=1,
        previously_looked_after=1,
    )
    primary = SchoolPlan(
        slug=PRIMARY,
        name="Riverside Primary",
        urn="148302",
        la_code=DEMO_LA_CODE,
        establishment_number="2187",
        phase=School.Phase.PRIMARY,
        years=(
            YearPlan("R", 56, ("R Hazel", "R Rowan")),
            YearPlan("1", 59, ("1 Elm", "1 Holly")),
            YearPlan("2", 60, ("2 Beech", "2 Cedar")),
            YearPlan("3", 58, ("3 Oak", "3 Ash")),
            YearPlan("4", 60, ("4 Willow", "4 Maple")),
            YearPlan("5", 57, ("5 Birch", "5 Chestnut")),
            YearPlan("6", 59, ("6 Sycamore", "6 Juniper")),
        ),
        resourced_provision_name="The Nest",
        resourced_provision_places=12,
        # One place kept free, as bases usually keep one for the next consultation.
        base_pupils=11,
        looked_after=3,
        previously_looked_after=2,
    )
    secondary = SchoolPlan(
        slug=SECONDARY,
        name="Kingsmead Academy",
        urn="148303",
        la_code=DEMO_LA_CODE,
        establishment_number="4012",
        phase=School.Phase.SECONDARY,
        years=(
            YearPlan("7", 118, _houses("7"), sets_per_subject=4),
            YearPlan("8", 116, _houses("8"), sets_per_subject=4),
            YearPlan("9", 119, _houses("9"), sets_per_subject=4),
            YearPlan("10", 114, _houses("10"), sets_per_subject=4),
            YearPlan("11", 112, _houses("11"), sets_per_subject=4),
        ),
        sen_unit_name="The Harbour",
        base_pupils=10,
        looked_after=3,
        previously_looked_after=3,
        inset_days=1,
        feeder_establishments=("2033", "2056", "2102", "2145", "2160", "2203"),
        feeder_school=PRIMARY,
        feeder_pupils=40,
        groups_per_ta=2,
    )
    return TrustPlan(
        name=DEMO_TRUST_NAME,
        schools=(infant, primary, secondary),
        email_domain=DEMO_EMAIL_DOMAIN,
        external_la_codes=DEMO_EXTERNAL_LA_CODES,
        movers=4,
        leavers=6,
    )


# The people behind the demo logins: (title, forename, surname).
DEMO_PEOPLE: dict[str, tuple[str, str, str]] = {
    Role.SENDCO: ("Mrs", "Priya", "Sharma"),
    Role.ASSISTANT_SENDCO: ("Mr", "Tom", "Gallagher"),
    Role.HEAD: ("Mrs", "Joanne", "Whitfield"),
    Role.DSL: ("Mr", "Marcus", "Bennett"),
    Role.DESIGNATED_TEACHER: ("Ms", "Aisha", "Rahman"),
    Role.TEACHER: ("Miss", "Chloe", "Hughes"),
    Role.TA: ("Mrs", "Dorota", "Nowak"),
    Role.BUSINESS_MANAGER: ("Mr", "Gareth", "Lloyd"),
    Role.GOVERNOR: ("Mrs", "Margaret", "Ellison"),
    Role.TRUST_LEAD: ("Dr", "Samuel", "Adeyemi"),
    Role.SCHOOL_ADMIN: ("Mrs", "Kerry", "Platt"),
    Role.DPO: ("Mr", "Daniel", "Okafor"),
}
DEMO_GROUPS: dict[str, list[tuple[str, str]]] = {
    Role.TEACHER: [("4 Willow", GroupStaff.Kind.TEACHER)],
    Role.TA: [("4 Willow", GroupStaff.Kind.TA), ("3 Oak", GroupStaff.Kind.TA)],
}


def demo_accounts() -> list[StaffDraft]:
    """One login per role at Riverside Primary, and a teacher at Kingsmead who sees none of it."""
    accounts = []
    for role in Role:
        title, first, last = DEMO_PEOPLE.get(role, ("", role.label, "Demo"))
        school = None if role == Role.TRUST_LEAD else PRIMARY
        accounts.append(
            StaffDraft(
                email=f"{role.value}@{DEMO_EMAIL_DOMAIN}",
                first_name=first,
                last_name=last,
                title=title,
                role=role.value,
                school=school,
                groups=list(DEMO_GROUPS.get(role, [])),
                password=DEMO_PASSWORD,
            )
        )
    outsider = StaffDraft(
        email=f"outsider@{DEMO_EMAIL_DOMAIN}",
        first_name="Owen",
        last_name="Price",
        title="Mr",
        role=Role.TEACHER.value,
        school=SECONDARY,
        groups=[("8 Ma2", GroupStaff.Kind.TEACHER), ("9 Ma3", GroupStaff.Kind.TEACHER)],
        password=DEMO_PASSWORD,
    )
    return [*accounts, outsider]


def draft_demo_population() -> list[PupilDraft]:
    """The demo's pupils exactly as seed_demo writes them, without touching the database."""
    return draft_population(demo_plan(), random.Random(DEMO_SEED))


def seed_demo(*, reset: bool = False) -> SeedResult:
    return seed_trust(demo_plan(), named=demo_accounts(), seed=DEMO_SEED, reset=reset)


def demo_accounts_table() -> str:
    """The demo sign-ins, as seed_demo prints them (they are fixed, so no database is needed)."""
    plan = demo_plan()
    return accounts_table(demo_accounts(), {school.slug: school.name for school in plan.schools})
