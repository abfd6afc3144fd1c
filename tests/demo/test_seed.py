"""seed_demo and seed_scale: what they create, that they refuse outside demo mode, and that the
demo is the same every time."""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from stdnum.gb import upn as upn_module

from opensend.accounts.models import GroupStaff, Membership, Role, User
from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_view
from opensend.demo.feature_dataprotection import FORMER_PUPILS
from opensend.demo.medical import CONDITIONS, plan_medical_needs
from opensend.demo.plans import REFERENCE_DATE
from opensend.demo.reset import delete_seeded_data
from opensend.demo.scale import BENCH_PASSWORD, BENCH_TRUST_NAME
from opensend.demo.seed import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, DEMO_TRUST_NAME, draft_demo_population
from opensend.demo.sen import Provision, SenPhase, plan_sen, sen_phase
from opensend.demo.term_dates import TERMS_2026_27
from opensend.pupils.models import Enrolment, GroupMembership, Pupil, pupil_sort_key
from opensend.schools.models import School, TeachingGroup, Term

DEMO_ACCOUNTS = [f"{role.value}@{DEMO_EMAIL_DOMAIN}" for role in Role] + [f"outsider@{DEMO_EMAIL_DOMAIN}"]


def seed_demo(*args: str) -> str:
    out = StringIO()
    with override_settings(OPENSEND_DEMO_MODE=True):
        call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One seeded demo for the whole module; tests see it inside their own rolled-back transaction."""
    with django_db_blocker.unblock():
        output = seed_demo()
    yield output
    with django_db_blocker.unblock():
        delete_seeded_data(DEMO_TRUST_NAME, DEMO_EMAIL_DOMAIN)


def demo_pupils():
    """The drafted population: not the former pupils, long grown up, that feature_dataprotection
    adds so the retention review has something to show."""
    assert all(born.year < 2000 for _, _, born, _ in FORMER_PUPILS)
    return Pupil.objects.filter(trust__name=DEMO_TRUST_NAME, date_of_birth__year__gte=2000)


def digest_of_names() -> str:
    rows = demo_pupils().order_by("upn").values_list("upn", "legal_forename", "preferred_forename", "legal_surname")
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def test_seed_demo_creates_an_infant_school_a_primary_with_a_base_and_a_secondary_with_a_unit(demo, db):
    schools = {school.name: school for school in School.objects.filter(trust__name=DEMO_TRUST_NAME)}
    assert set(schools) == {"Meadowbank Infant and Nursery School", "Riverside Primary", "Kingsmead Academy"}
    primary = schools["Riverside Primary"]
    assert (primary.resourced_provision_name, primary.resourced_provision_places) == ("The Nest", 12)
    assert schools["Kingsmead Academy"].has_sen_unit
    infant_years = set(schools["Meadowbank Infant and Nursery School"].year_groups.values_list("nc_year", flat=True))
    assert infant_years == {"N1", "N2", "R", "1", "2"}


def test_seed_demo_creates_about_1200_pupils_on_roll(demo, db):
    on_roll = Enrolment.objects.filter(school__trust__name=DEMO_TRUST_NAME).current(on=REFERENCE_DATE)
    assert 1150 <= on_roll.values("pupil").distinct().count() <= 1250


def test_every_school_has_the_2026_27_terms_and_one_starts_a_day_later(demo, db):
    terms = Term.objects.filter(academic_year__school__trust__name=DEMO_TRUST_NAME, name="autumn")
    assert terms.count() == 3
    assert {term.starts_on for term in terms} == {TERMS_2026_27[0].starts_on, TERMS_2026_27[0].starts_on.replace(day=3)}


@pytest.mark.parametrize("email", DEMO_ACCOUNTS)
def test_every_demo_account_signs_in_with_the_demo_password(demo, db, email):
    assert User.objects.get(email=email).check_password(DEMO_PASSWORD)


def test_demo_roles_are_at_the_primary_except_the_trust_lead_and_the_outsider(demo, db):
    for role in Role:
        membership = Membership.objects.get(user__email=f"{role.value}@{DEMO_EMAIL_DOMAIN}")
        assert membership.role == role
        expected = None if role == Role.TRUST_LEAD else "Riverside Primary"
        assert (membership.school.name if membership.school else None) == expected
    outsider = Membership.objects.get(user__email=f"outsider@{DEMO_EMAIL_DOMAIN}")
    assert (outsider.school.name, outsider.role) == ("Kingsmead Academy", Role.TEACHER)


def test_demo_teacher_teaches_4_willow_and_the_ta_supports_it_and_one_other_class(demo, db):
    def groups(role: str, kind: str) -> set[str]:
        assignments = GroupStaff.objects.filter(user__email=f"{role}@{DEMO_EMAIL_DOMAIN}", kind=kind)
        return set(assignments.values_list("group__name", flat=True))

    assert groups("teacher", GroupStaff.Kind.TEACHER) == {"4 Willow"}
    assert groups("ta", GroupStaff.Kind.TA) == {"4 Willow", "3 Oak"}
    assert len(groups("outsider", GroupStaff.Kind.TEACHER)) == 2


def test_every_class_and_set_has_a_teacher(demo, db):
    untaught = TeachingGroup.objects.filter(school__trust__name=DEMO_TRUST_NAME).exclude(
        staff__kind=GroupStaff.Kind.TEACHER
    )
    assert not untaught.exists()


def test_ordinary_staff_cannot_sign_in_with_a_password(demo, db):
    staff = User.objects.filter(email__endswith=f".{DEMO_EMAIL_DOMAIN}")
    assert staff.count() > 50
    assert not any(user.has_usable_password() for user in staff)


def test_every_upn_is_valid_and_unique(demo, db):
    upns = list(demo_pupils().values_list("upn", flat=True))
    assert all(upn_module.is_valid(upn) for upn in upns)
    assert len(set(upns)) == len(upns)


def test_seeded_pupils_have_the_sort_key_that_save_would_give(demo, db):
    for pupil in demo_pupils()[:50]:
        assert pupil.sort_key == pupil_sort_key(pupil.legal_surname, pupil.legal_forename, pupil.public_id)


def test_characteristics_are_near_national_rates(demo, db):
    pupils = demo_pupils()
    total = pupils.count()
    assert 0.21 <= pupils.filter(free_school_meals=True).count() / total <= 0.27
    assert 0.15 <= pupils.filter(english_additional_language=True).count() / total <= 0.25
    assert pupils.filter(pupil_premium=True).count() > pupils.filter(free_school_meals=True).count()
    assert 3 <= pupils.filter(looked_after=True).count() <= 12
    assert 3 <= pupils.filter(previously_looked_after=True).count() <= 12


def test_some_pupils_moved_between_schools_of_the_trust(demo, db):
    moved = [pupil for pupil in demo_pupils().prefetch_related("enrolments") if len(pupil.enrolments.all()) > 1]
    assert len(moved) >= 4
    for pupil in moved:
        past, current = sorted(pupil.enrolments.all(), key=lambda enrolment: enrolment.admission_date)
        assert past.school != current.school
        assert past.leaving_date is not None and past.leaving_date < current.admission_date
        assert current.leaving_date is None


def test_leavers_have_left_and_are_in_no_group(demo, db):
    on_roll = Enrolment.objects.current(on=REFERENCE_DATE).values("pupil")
    leavers = demo_pupils().exclude(pk__in=on_roll)
    assert 1 <= leavers.count() <= 10
    assert not GroupMembership.objects.filter(pupil__in=leavers).exists()


def test_every_pupil_on_roll_has_a_registration_group_and_a_contact(demo, db):
    on_roll = demo_pupils().filter(enrolments__leaving_date__isnull=True)
    assert not on_roll.exclude(group_memberships__group__kind=TeachingGroup.Kind.REGISTRATION).exists()
    assert not on_roll.filter(contacts__isnull=True).exists()


def test_seed_demo_writes_no_audit_events(demo, db):
    assert not AuditEvent.objects.exists()


def test_seed_demo_prints_every_demo_account_with_its_password(demo):
    for email in DEMO_ACCOUNTS:
        assert email in demo
    assert DEMO_PASSWORD in demo


def test_seed_demo_refuses_under_production_settings(db):
    with override_settings(OPENSEND_DEMO_MODE=False), pytest.raises(CommandError, match="OPENSEND_DEMO_MODE"):
        call_command("seed_demo", stdout=StringIO())


def test_seed_demo_refuses_to_seed_twice_without_reset(demo, db):
    with pytest.raises(CommandError, match="--reset"):
        seed_demo()


def test_seed_demo_reset_gives_the_same_pupils_again(demo, db):
    before = digest_of_names()
    seed_demo("--reset")
    assert digest_of_names() == before
    assert demo_pupils().count() == len(draft_demo_population())


def test_reset_refuses_once_the_audit_log_names_a_demo_pupil(demo, db):
    audit_view(actor=User.objects.get(email=f"sendco@{DEMO_EMAIL_DOMAIN}"), pupil=demo_pupils().first())
    with pytest.raises(CommandError, match="audit log"):
        seed_demo("--reset")


def sen_share(drafts, phase: SenPhase, provisions: set[str]) -> float:
    in_phase = [draft for draft in drafts if draft.on_roll and sen_phase(draft.nc_year) == phase]
    return sum(draft.sen.provision in provisions for draft in in_phase) / len(in_phase)


def test_planned_sen_in_the_demo_is_near_dfe_proportions_by_phase():
    drafts = draft_demo_population()
    any_sen = {Provision.SEN_SUPPORT, Provision.EHC_PLAN}
    # The primary's resourced provision and the secondary's unit add about two points each.
    assert 0.15 <= sen_share(drafts, SenPhase.PRIMARY, any_sen) <= 0.24
    assert 0.13 <= sen_share(drafts, SenPhase.SECONDARY, any_sen) <= 0.23
    assert 0.02 <= sen_share(drafts, SenPhase.PRIMARY, {Provision.EHC_PLAN}) <= 0.08


def test_plan_sen_matches_national_rates_over_a_large_population():
    rng = random.Random(1)
    plans = {"3": [], "9": []}
    for nc_year, drawn in plans.items():
        for _ in range(40_000):
            sex, fsm = rng.choice("FM"), rng.random() < 0.24
            drawn.append((sex, plan_sen(rng, nc_year=nc_year, sex=sex, fsm=fsm)))
    primary = Counter(sen.provision for _, sen in plans["3"])
    secondary = Counter(sen.provision for _, sen in plans["9"])
    assert 0.18 <= (primary["K"] + primary["E"]) / 40_000 <= 0.21
    assert 0.033 <= primary["E"] / 40_000 <= 0.042
    assert 0.16 <= (secondary["K"] + secondary["E"]) / 40_000 <= 0.19
    boys_with_plans = [sex for sex, sen in plans["3"] if sen.provision == Provision.EHC_PLAN]
    assert 0.65 <= boys_with_plans.count("M") / len(boys_with_plans) <= 0.77


def test_planned_needs_follow_census_rules():
    for draft in draft_demo_population():
        sen = draft.sen
        if sen.provision == Provision.NONE:
            assert (sen.primary_need, sen.secondary_need) == ("", "")
        else:
            assert sen.primary_need and sen.primary_need != sen.secondary_need
        if sen.provision == Provision.EHC_PLAN:
            assert "NSA" not in (sen.primary_need, sen.secondary_need)


def test_a_few_percent_of_demo_pupils_have_medical_needs():
    drafts = draft_demo_population()
    with_needs = [draft for draft in drafts if draft.pupil.has_medical_needs]
    assert 0.03 <= len(with_needs) / len(drafts) <= 0.08


def test_the_demo_gives_the_same_pupils_the_same_medical_needs_every_time():
    first = {draft.pupil.upn: draft.pupil.medical_needs for draft in draft_demo_population()}
    assert first == {draft.pupil.upn: draft.pupil.medical_needs for draft in draft_demo_population()}


def test_seed_demo_stores_each_pupils_drafted_medical_needs(demo, db):
    drafted = {draft.pupil.upn: draft.pupil.medical_needs for draft in draft_demo_population()}
    stored = dict(demo_pupils().values_list("upn", "medical_needs"))
    assert stored == drafted
    assert sum(bool(text) for text in stored.values()) > 20


def test_medical_needs_cover_every_condition_one_to_a_line_over_a_large_population():
    rng = random.Random(1)
    drawn = [plan_medical_needs(rng) for _ in range(40_000)]
    lines = [line for text in drawn for line in text.splitlines()]
    wordings = {wording for _, options in CONDITIONS for wording in options}
    assert 0.04 <= sum(bool(text) for text in drawn) / 40_000 <= 0.07
    assert set(lines) == wordings
    assert any("\n" in text for text in drawn)  # some pupils have two conditions
    assert all(len(text) <= 2000 for text in drawn)


def seed_scale(*args: str, demo_mode: bool = False) -> str:
    out = StringIO()
    with override_settings(OPENSEND_DEMO_MODE=demo_mode):
        call_command("seed_scale", *args, stdout=out)
    return out.getvalue()


def test_seed_scale_creates_the_schools_and_pupils_it_is_asked_for(db):
    seed_scale("--schools", "3", "--pupils", "300", "--force")
    schools = School.objects.filter(trust__name=BENCH_TRUST_NAME)
    assert schools.count() == 3
    assert set(schools.values_list("phase", flat=True)) == {School.Phase.PRIMARY, School.Phase.SECONDARY}
    pupils = Pupil.objects.filter(trust__name=BENCH_TRUST_NAME)
    assert pupils.count() == 300
    assert all(upn_module.is_valid(upn) for upn in pupils.values_list("upn", flat=True))
    on_roll = pupils.filter(enrolments__leaving_date__isnull=True)
    assert not on_roll.exclude(group_memberships__group__kind=TeachingGroup.Kind.REGISTRATION).exists()
    assert not on_roll.filter(contacts__isnull=True).exists()


def test_seed_scale_registration_groups_hold_at_most_30(db):
    seed_scale("--schools", "3", "--pupils", "300", "--force")
    groups = TeachingGroup.objects.filter(school__trust__name=BENCH_TRUST_NAME, kind=TeachingGroup.Kind.REGISTRATION)
    assert max(group.pupil_memberships.count() for group in groups) <= 30


def test_seed_scale_benchmark_accounts_sign_in_at_school_1(db):
    seed_scale("--schools", "3", "--pupils", "300", "--force")
    sendco = User.objects.get(email="sendco@bench.opensend.test")
    teacher = User.objects.get(email="teacher@bench.opensend.test")
    assert sendco.check_password(BENCH_PASSWORD) and teacher.check_password(BENCH_PASSWORD)
    assert sendco.memberships.get().role == Role.SENDCO
    assert teacher.group_assignments.filter(kind=GroupStaff.Kind.TEACHER).count() == 1
    assert sendco.memberships.get().school == teacher.memberships.get().school


def test_seed_scale_gives_some_pupils_medical_needs(db):
    seed_scale("--schools", "3", "--pupils", "300", "--force")
    with_needs = Pupil.objects.filter(trust__name=BENCH_TRUST_NAME).exclude(medical_needs="").count()
    assert 5 <= with_needs <= 30


def test_seed_scale_refuses_without_demo_mode_or_force(db):
    with pytest.raises(CommandError, match="--force"):
        seed_scale("--schools", "3", "--pupils", "300")


def test_seed_demo_if_missing_leaves_an_existing_demo_alone_and_lists_the_accounts(db):
    from opensend.pupils.models import Pupil

    with override_settings(OPENSEND_DEMO_MODE=True):
        call_command("seed_demo", "--if-missing", stdout=StringIO())
        pupils = Pupil.objects.count()
        out = StringIO()
        call_command("seed_demo", "--if-missing", stdout=out)
    assert Pupil.objects.count() == pupils
    assert "sendco@demo.opensend.test" in out.getvalue()
