"""The caseload of open statutory deadlines and `manage.py deadlines`: overdue first, filterable,
paged by keyset in a fixed number of queries, pupils in the JSON by opaque id only."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from opensend.audit.models import AuditEvent
from opensend.deadlines.sources import PAGE_SIZE
from opensend.ehc import services as ehc_services

from ..ehc.factories import AssessmentRequestFactory, LocalAuthorityFactory, PlanFactory
from ..factories import PupilFactory, enrol

d = datetime.date
pytestmark = pytest.mark.django_db
TODAY = d(2026, 3, 1)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


def url(cast) -> str:
    return reverse("deadlines:caseload", kwargs={"urn": cast.school.urn})


@pytest.fixture
def requests(cast):
    kirklees = LocalAuthorityFactory(trust=cast.trust, code="380", name="Kirklees")
    leeds = LocalAuthorityFactory(trust=cast.trust, code="383", name="Leeds")
    # Decision overdue (due 23 February), then one due 5 April.
    overdue = AssessmentRequestFactory(
        pupil=cast.taught_pupil, school=cast.school, local_authority=kirklees, requested_on=d(2026, 1, 12)
    )
    later = AssessmentRequestFactory(
        pupil=cast.untaught_pupil, school=cast.school, local_authority=leeds, requested_on=d(2026, 2, 22)
    )
    return overdue, later


def test_the_caseload_lists_overdue_first_with_rule_source_and_status(cast, requests):
    response = cast.client_for("sendco").get(url(cast))
    page = response.content.decode()
    assert page.index("Overdue") < page.index("Not yet due")
    assert "SEND Regulations 2014, reg 5(3)" in page
    assert "Mon 23 Feb 2026" in page and "Sun 5 Apr 2026" in page
    assert "Tia Taught" in page and "Eli Elsewhere" in page
    assert response.context["page"].total == 6  # each request: decision, no-plan decision, final plan


def test_the_caseload_filters_by_local_authority_kind_and_pupil(cast, requests):
    client = cast.client_for("assistant-sendco")
    by_la = client.get(url(cast), {"local_authority": "Leeds"}).content.decode()
    assert "Eli Elsewhere" in by_la and "Tia Taught" not in by_la
    by_pupil = client.get(url(cast), {"pupil": str(cast.taught_pupil.public_id)}).content.decode()
    assert "Tia Taught" in by_pupil and "Eli Elsewhere" not in by_pupil
    by_kind = client.get(url(cast), {"kind": "annual-review"})
    assert by_kind.context["page"].total == 0
    assert "open deadlines match the filters" in by_kind.content.decode()


def test_met_deadlines_and_closed_windows_leave_the_caseload(cast, requests):
    overdue, _ = requests
    overdue.decision, overdue.decision_on = "refused", d(2025, 12, 1)  # appeal window long closed
    overdue.requested_on = d(2025, 11, 1)
    overdue.save()
    page = cast.client_for("sendco").get(url(cast)).content.decode()
    assert "Tia Taught" not in page


def _many_requests(cast, count: int, *, code: str = "384") -> None:
    authority = LocalAuthorityFactory(trust=cast.trust, code=code)
    for number in range(count):
        pupil = PupilFactory(trust=cast.trust)
        enrol(pupil, cast.school)
        AssessmentRequestFactory(
            pupil=pupil,
            school=cast.school,
            local_authority=authority,
            requested_on=d(2026, 1, 1) + datetime.timedelta(days=number % 50),
        )


def test_the_caseload_pages_by_keyset_through_every_deadline_once(cast):
    _many_requests(cast, 20)  # 3 deadlines each: 60 rows, two pages
    client = cast.client_for("sendco")
    first = client.get(url(cast))
    second = client.get(url(cast), {"after": first.context["page"].next_after})
    assert len(first.context["page"].rows) == PAGE_SIZE
    assert len(second.context["page"].rows) == 60 - PAGE_SIZE and second.context["page"].next_after is None
    back = client.get(url(cast), {"before": second.context["page"].previous_before})
    assert back.context["page"].rows == first.context["page"].rows
    seen = first.context["page"].rows + second.context["page"].rows
    assert len({(item.pupil.pk, item.rule.id) for item in seen}) == 60
    assert [item.sort_key for item in seen] == sorted(item.sort_key for item in seen)


def test_the_caseload_takes_the_same_queries_for_5_requests_as_for_40(cast, django_assert_max_num_queries):
    client = cast.client_for("sendco")
    _many_requests(cast, 5)
    client.get(url(cast))
    with django_assert_max_num_queries(12) as few:
        client.get(url(cast))
    _many_requests(cast, 35, code="385")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url(cast))


def test_the_deadlines_command_prints_open_deadlines_as_json_without_names(cast, requests):
    out = io.StringIO()
    call_command("deadlines", "--school", cast.school.urn, "--json", stdout=out)
    found = json.loads(out.getvalue())
    assert found[0] == {
        "pupil": str(cast.taught_pupil.public_id),
        "kind": "ehc-assessment",
        "rule": "ehc-decision-to-assess",
        "starts": "2026-01-12",
        "due": "2026-02-23",
        "status": "overdue",
        "days": "calendar",
        "source": "SEND Regulations 2014, reg 5(3); SEND Code of Practice 9.40",
        "local_authority": "Kirklees",
    }
    assert len(found) == 6
    assert "Taught" not in out.getvalue() and cast.taught_pupil.upn not in out.getvalue()


def test_the_deadlines_command_refuses_an_unknown_school(db):
    with pytest.raises(CommandError, match="no school with URN 999999"):
        call_command("deadlines", "--school", "999999", stdout=io.StringIO())


def test_the_caseload_downloads_as_a_workbook_as_filtered_and_the_export_is_audited(cast, requests):
    response = cast.client_for("sendco").get(
        reverse("deadlines:caseload-export", kwargs={"urn": cast.school.urn}), {"local_authority": "Kirklees"}
    )
    assert response["Content-Disposition"].startswith('attachment; filename="statutory-deadlines-100001-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Pupil", "Kind", "Deadline")
    assert [row[0] for row in rows[1:]] == ["Tia Taught"] * 3
    assert rows[1][7] == "Overdue" and rows[1][6].date() == d(2026, 2, 23)
    event = AuditEvent.objects.get(action="export")
    assert event.changes["rows"] == [None, 3] and event.actor == cast["sendco"]


def test_the_deadlines_command_without_json_prints_a_line_each_and_a_count(cast, requests):
    out = io.StringIO()
    call_command("deadlines", "--school", cast.school.urn, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("2026-02-23  Overdue") and "ehc-decision-to-assess" in lines[0]
    assert lines[-1] == "6 open deadlines at Oakfield Primary."
    assert "Taught" not in out.getvalue()


def test_plans_deadlines_are_kept_without_names_and_shown_with_their_pupil_and_case_owner(cast):
    # An annual review due within a year of the plan: 10 March 2026, so due soon on 1 March.
    authority = LocalAuthorityFactory(trust=cast.trust, code="380", name="Kirklees")
    PlanFactory(pupil=cast.taught_pupil, school=cast.school, local_authority=authority, case_owner=cast["sendco"])
    PlanFactory(pupil=cast.other_school_pupil, school=cast.other_school, local_authority=authority)
    for _ in range(2):  # worked out, then kept
        response = cast.client_for("sendco").get(url(cast))
        rows = response.context["page"].rows
        assert {row.pupil for row in rows} == {cast.taught_pupil}
        assert {row.owner for row in rows} == {cast["sendco"]}
        assert "Tia Taught" in response.content.decode()
    assert not [key for key, stored in cache._cache.items() if b"Taught" in stored]


def test_a_plan_recorded_through_the_app_joins_the_kept_deadlines_at_once(cast):
    authority = LocalAuthorityFactory(trust=cast.trust, code="380", name="Kirklees")
    assert cast.client_for("sendco").get(url(cast)).context["page"].total == 0
    values = {"local_authority": authority, "issued_on": d(2025, 3, 10), "transfer_on": None, "transfer": "",
              "transfer_amended_on": None, "under_five_review_months": None}  # fmt: skip
    ehc_services.create_plan(actor=cast["sendco"], pupil=cast.taught_pupil, school=cast.school, values=values)
    assert cast.client_for("sendco").get(url(cast)).context["page"].total > 0
