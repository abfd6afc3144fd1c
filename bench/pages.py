"""The pages the benchmark measures, in one place, so that `make bench` times them and the query
baseline test (tests/bench/test_query_baseline.py) counts their queries on the same list.

Each page is the signed-in person's email, the URL, its query string and what to do before each
request. Read from the seeded Benchmark Trust."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse

from opensend.accounts.models import User
from opensend.core.school_cache import school_changed
from opensend.provision.models import Intervention, Session
from opensend.pupils.models import Enrolment, Pupil

SENDCO = "sendco@bench.opensend.test"
TEACHER = "teacher@bench.opensend.test"
TA = "ta@bench.opensend.test"


@dataclass(frozen=True)
class PageSpec:
    email: str
    url: str
    data: dict | None = None
    before_each: Callable[[], None] | None = None
    # A report a school opens now and then (costs for governors, the team's week, an intervention's
    # impact), not a page people move between all day: `make soak`'s mix leaves it out.
    report: bool = False


def benchmarked_pages() -> dict[str, PageSpec]:
    sendco = User.objects.get(email=SENDCO)
    school = sendco.memberships.get(role="sendco").school
    list_url = reverse("pupils:list", kwargs={"urn": school.urn})
    register_url = reverse("register:list", kwargs={"urn": school.urn})
    on_roll = Pupil.objects.filter(enrolments__in=Enrolment.objects.current().filter(school=school)).order_by(
        "sort_key"
    )
    total = on_roll.count()
    deep_cursor = str(on_roll.values_list("public_id", flat=True)[max(total - 60, 0)])
    year_group = Enrolment.objects.filter(school=school).values_list("year_group_id", flat=True).first()
    record = on_roll.first()
    return {
        "pupil list, first page": PageSpec(SENDCO, list_url),
        "pupil list, last page": PageSpec(SENDCO, list_url, {"after": deep_cursor}),
        "pupil list, filtered": PageSpec(SENDCO, list_url, {"year_group": year_group, "pupil_premium": "on"}),
        "pupil record": PageSpec(SENDCO, reverse("pupils:record", kwargs={"pupil_id": record.public_id})),
        # The register opens on the pupils with SEN; the whole roll is the heavier list, measured here.
        "register, first page": PageSpec(SENDCO, register_url, {"provision": "all"}),
        "register, last page": PageSpec(SENDCO, register_url, {"provision": "all", "after": deep_cursor}),
        "register, filtered": PageSpec(SENDCO, register_url, {"provision": "SEN", "area": "semh"}),
        "SENDCo dashboard": PageSpec(SENDCO, reverse("dashboards:dashboard", kwargs={"urn": school.urn})),
        "statutory deadlines": PageSpec(SENDCO, reverse("deadlines:caseload", kwargs={"urn": school.urn})),
        "statutory deadlines, calendar": PageSpec(SENDCO, reverse("deadlines:calendar", kwargs={"urn": school.urn})),
        "my class (teacher)": PageSpec(TEACHER, reverse("dashboards:my-class", kwargs={"urn": school.urn})),
        # The costed provision map for this financial year, by pupil (the view with the most rows).
        "provision map": PageSpec(
            SENDCO, reverse("provision:map", kwargs={"urn": school.urn}), {"view": "pupil"}, report=True
        ),
        **provision_pages(school),
    }


def provision_pages(school) -> dict[str, PageSpec]:
    """The TA's home page (their week's sessions), the session log form (a logged session, opened
    to correct it: the heavier form), the most used intervention's page with its impact at the
    school and across the trust, and the support team's timetable."""
    logged = (
        Session.objects.filter(recorded_by__email=TA, provision__school=school, slot__isnull=False)
        .select_related("provision")
        .order_by("-held_on", "pk")
        .first()
    )
    log_url = reverse(
        "provision:log",
        kwargs={
            "provision_id": logged.provision.public_id,
            "slot_id": logged.slot_id,
            "day": logged.held_on.isoformat(),
        },
    )
    intervention = (
        Intervention.objects.filter(school=school)
        .annotate(used=Count("provisions"))
        .order_by("-used", "name", "pk")
        .first()
    )
    intervention_url = reverse(
        "provision:intervention", kwargs={"urn": school.urn, "intervention_id": intervention.public_id}
    )
    return {
        "TA home (their sessions)": PageSpec(TA, reverse("dashboards:dashboard", kwargs={"urn": school.urn})),
        "session log form": PageSpec(TA, log_url),
        "intervention impact": PageSpec(SENDCO, intervention_url, report=True),
        "support team timetable": PageSpec(
            SENDCO, reverse("provision:timetable", kwargs={"urn": school.urn}), report=True
        ),
    }


def page_just_after_a_change() -> PageSpec:
    """The register just after a change at the school: its cached counts are worked out again."""
    sendco = User.objects.get(email=SENDCO)
    school = sendco.memberships.get(role="sendco").school
    register_url = reverse("register:list", kwargs={"urn": school.urn})
    return PageSpec(SENDCO, register_url, before_each=lambda: school_changed(school.pk))
