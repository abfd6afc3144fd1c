"""The looked-after pages: only the designated teacher, the SENDCo, the head and the DSL see them;
a looked-after pupil's own class teacher and TA get 404, as do the assistant SENDCo and everyone
else. Every view is audited; the register takes the same queries however long it is."""

from __future__ import annotations

import datetime
import decimal
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from opensend.accounts.models import GroupStaff
from opensend.audit.models import AuditEvent
from opensend.dashboards.chronology import pupil_chronology
from opensend.deadlines.sources import open_deadlines_of
from opensend.lac.models import CareStatus
from opensend.lac.subject_access import looked_after
from opensend.pupils.subject_access import sections

from ..ehc.factories import AnnualReviewFactory, PlanFactory
from ..factories import GroupStaffFactory, PupilFactory, enrol
from .factories import CareRecordFactory, PepFactory, PepTargetFactory, PpPlusSpendFactory

d = datetime.date
pytestmark = pytest.mark.django_db
TODAY = d(2026, 11, 2)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


@pytest.fixture
def lac(cast):
    """The cast's looked-after pupil, on the register with a PEP in the summer (the next was due by
    the end of the autumn term... no: by 31 December with the default terms; it is not yet overdue),
    taught by the class teacher and supported by the TA."""
    GroupStaffFactory(group=cast.other_group, user=cast["teacher"], kind=GroupStaff.Kind.TEACHER)
    GroupStaffFactory(group=cast.other_group, user=cast["ta"], kind=GroupStaff.Kind.TA)
    record = CareRecordFactory(pupil=cast.looked_after_pupil, school=cast.school, entered_care_on=d(2026, 3, 30))
    pep = PepFactory(record=record, meeting_on=d(2026, 4, 20))
    PepTargetFactory(pep=pep)
    PpPlusSpendFactory(pep=pep)
    return record, pep


def urls(pupil, pep) -> list[str]:
    return [
        reverse("lac:pupil", kwargs={"pupil_id": pupil.public_id}),
        reverse("lac:pep", kwargs={"pupil_id": pupil.public_id, "pep_id": pep.public_id}),
    ]


@pytest.mark.parametrize(
    "person", ["teacher", "ta", "assistant-sendco", "governor", "business-manager", "school-admin"]
)
def test_the_looked_after_pupils_own_teacher_ta_and_others_get_404(cast, lac, person):
    record, pep = lac
    client = cast.client_for(person)
    # They may see the pupil (the teacher and TA do), but never the care record.
    for url in urls(record.pupil, pep):
        assert client.get(url).status_code == 404, f"{person}: {url}"
    assert client.get(reverse("lac:register", kwargs={"urn": cast.school.urn})).status_code == 404


def test_the_class_teacher_sees_the_pupil_but_not_the_looked_after_section(cast, lac):
    record, _ = lac
    page = cast.client_for("teacher").get(reverse("pupils:record", kwargs={"pupil_id": record.pupil.public_id}))
    assert page.status_code == 200
    assert reverse("lac:pupil", kwargs={"pupil_id": record.pupil.public_id}) not in page.content.decode()


@pytest.mark.parametrize("person", ["designated-teacher", "sendco", "head", "dsl"])
def test_the_designated_teacher_sendco_head_and_dsl_see_it_and_each_view_is_audited(cast, lac, person):
    record, pep = lac
    client = cast.client_for(person)
    for url in urls(record.pupil, pep):
        assert client.get(url).status_code == 200
    views = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, pupil=record.pupil, actor=cast[person])
    assert views.count() == 2
    record_page = client.get(reverse("pupils:record", kwargs={"pupil_id": record.pupil.public_id})).content.decode()
    assert reverse("lac:pupil", kwargs={"pupil_id": record.pupil.public_id}) in record_page


def test_head_and_dsl_read_but_do_not_change(cast, lac):
    record, _ = lac
    for person in ("head", "dsl"):
        url = reverse("lac:pep-add", kwargs={"pupil_id": record.pupil.public_id})
        assert cast.client_for(person).get(url).status_code == 404


def test_the_register_lists_the_pupil_with_the_next_pep_and_audits_the_list(cast, lac):
    page = cast.client_for("designated-teacher").get(reverse("lac:register", kwargs={"urn": cast.school.urn}))
    html = page.content.decode()
    assert "Cai Cared" in html and "31 Dec 2026" in html  # summer PEP -> next by the end of the autumn term
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, pupil=lac[0].pupil, summary__contains="register"
    ).exists()


def _more_on_register(cast, count):
    for index in range(count):
        pupil = PupilFactory(trust=cast.trust, legal_surname=f"Extra{index}", looked_after=True)
        enrol(pupil, cast.school)
        record = CareRecordFactory(pupil=pupil, school=cast.school)
        PepFactory(record=record)


def test_the_register_takes_the_same_queries_for_2_pupils_as_for_12(cast, lac, django_assert_num_queries):
    client = cast.client_for("designated-teacher")
    url = reverse("lac:register", kwargs={"urn": cast.school.urn})
    _more_on_register(cast, 1)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _more_on_register(cast, 10)
    with django_assert_num_queries(len(few)):
        client.get(url)


def test_the_register_pages_by_keyset(cast, lac, monkeypatch):
    monkeypatch.setattr("opensend.lac.selectors.PAGE_SIZE", 2)
    _more_on_register(cast, 3)
    client = cast.client_for("sendco")
    url = reverse("lac:register", kwargs={"urn": cast.school.urn})
    seen, query = [], {}
    while True:
        response = client.get(url, query)
        seen += [row.record.pupil.legal_surname for row in response.context["rows"]]
        if not response.context["page"].next_after:
            break
        query = {"after": response.context["page"].next_after}
    assert seen == ["Cared", "Extra0", "Extra1", "Extra2"]


def test_recording_a_pep_through_the_page_starts_from_the_sen_register(cast, lac):
    record, _ = lac
    client = cast.client_for("designated-teacher")
    url = reverse("lac:pep-add", kwargs={"pupil_id": record.pupil.public_id})
    assert client.get(url).context["form"]["kind"].value() == "review"
    response = client.post(
        url,
        {"kind": "review", "meeting_on-day": "14", "meeting_on-month": "10", "meeting_on-year": "2026",
         "attendance_percent": "96.5", "child_voice": "I like art best"},
    )  # fmt: skip
    assert response.status_code == 302
    assert record.peps.filter(meeting_on=d(2026, 10, 14), attendance_percent=96.5).exists()


def test_a_future_pep_date_is_refused_naming_the_field(cast, lac):
    record, _ = lac
    url = reverse("lac:pep-add", kwargs={"pupil_id": record.pupil.public_id})
    response = cast.client_for("designated-teacher").post(
        url, {"kind": "review", "meeting_on-day": "1", "meeting_on-month": "1", "meeting_on-year": "2099"}
    )
    assert response.status_code == 400
    assert "date of the PEP meeting" in response.content.decode()


def test_the_designated_teacher_loses_the_pupil_when_they_return_home(cast, lac):
    record, pep = lac
    client = cast.client_for("designated-teacher")
    url = reverse("lac:status-edit", kwargs={"pupil_id": record.pupil.public_id})
    response = client.post(
        url,
        {"version": record.version, "status": "left", "left_care_on-day": "1", "left_care_on-month": "10",
         "left_care_on-year": "2026"},
    )  # fmt: skip
    assert response.status_code == 302
    assert client.get(urls(record.pupil, pep)[0]).status_code == 404
    assert cast.client_for("sendco").get(urls(record.pupil, pep)[0]).status_code == 200


def test_pep_deadlines_are_in_the_json_the_sendcos_caseload_and_not_the_assistants(cast):
    record = CareRecordFactory(pupil=cast.looked_after_pupil, school=cast.school, entered_care_on=d(2026, 10, 1))
    out = io.StringIO()
    call_command("deadlines", "--school", cast.school.urn, "--json", stdout=out)
    found = [item for item in json.loads(out.getvalue()) if item["kind"] == "pep"]
    assert [(item["rule"], item["due"], item["status"]) for item in found] == [
        ("pep-initiate", "2026-10-15", "overdue"),
        ("pep-first-review", "2026-10-29", "overdue"),
    ]
    assert found[0]["pupil"] == str(record.pupil.public_id) and found[0]["local_authority"] == "Kirklees"
    assert {item.rule.id for item in open_deadlines_of(cast["sendco"], today=TODAY)} == {
        "pep-initiate",
        "pep-first-review",
    }
    assert open_deadlines_of(cast["assistant-sendco"], today=TODAY) == []
    caseload = cast.client_for("assistant-sendco").get(reverse("deadlines:caseload", kwargs={"urn": cast.school.urn}))
    assert "personal education plan" not in caseload.content.decode()
    caseload = cast.client_for("sendco").get(reverse("deadlines:caseload", kwargs={"urn": cast.school.urn}))
    assert "personal education plan" in caseload.content.decode()


def test_the_dashboards_show_overdue_peps_to_the_designated_teacher(cast):
    CareRecordFactory(pupil=cast.looked_after_pupil, school=cast.school, entered_care_on=d(2026, 10, 1))
    page = cast.client_for("designated-teacher").get(reverse("dashboards:dashboard", kwargs={"urn": cast.school.urn}))
    html = page.content.decode()
    assert "PEPs overdue or due soon" in html and "Cai Cared" in html
    page = cast.client_for("assistant-sendco").get(reverse("dashboards:dashboard", kwargs={"urn": cast.school.urn}))
    assert "PEPs overdue" not in page.content.decode()


def test_the_chronology_shows_care_entries_only_to_those_who_may_see_them(cast, lac):
    record, _ = lac
    CareRecordFactory._meta.model.objects.filter(pk=record.pk)  # the entry exists
    record.events.create(kind="entered", on=d(2026, 3, 30), detail="Care order")
    url = reverse("dashboards:chronology", kwargs={"pupil_id": record.pupil.public_id})
    for person in ("designated-teacher", "sendco"):
        html = cast.client_for(person).get(url).content.decode()
        assert "Entered care" in html and "Initial PEP" in html
    for person in ("teacher", "ta", "assistant-sendco"):
        html = cast.client_for(person).get(url).content.decode()
        assert "Entered care" not in html and "Initial PEP" not in html and "Looked after</option>" not in html
    assert not [e for e in pupil_chronology(record.pupil) if e.kind == "Looked after"]


def test_a_pep_held_with_an_annual_review_shows_on_both_to_those_who_may_see_it(cast):
    pupil = cast.looked_after_pupil
    record = CareRecordFactory(pupil=pupil, school=cast.school)
    review = AnnualReviewFactory(plan=PlanFactory(pupil=pupil, school=cast.school), meeting_on=d(2026, 5, 6))
    pep = PepFactory(record=record, meeting_on=d(2026, 5, 6), annual_review=review)
    pep_url = reverse("lac:pep", kwargs={"pupil_id": pupil.public_id, "pep_id": pep.public_id})
    assert "annual review of 6 May 2026" in cast.client_for("sendco").get(pep_url).content.decode()
    ehc_url = reverse("ehc:pupil", kwargs={"pupil_id": pupil.public_id})
    assert pep_url in cast.client_for("sendco").get(ehc_url).content.decode()
    assert pep_url not in cast.client_for("assistant-sendco").get(ehc_url).content.decode()


def test_the_subject_access_export_has_the_register_peps_targets_and_spending(cast, lac):
    assert "lac" in [section.key for section in sections()]
    parts = {part.key: part for part in looked_after(cast.looked_after_pupil, cast.school)}
    assert len(parts["lac-register"].rows) == 1 and parts["lac-register"].rows[0]
    assert len(parts["lac-peps"].rows) == 1
    assert parts["lac-targets"].rows[0]["PEP"] == "Initial PEP of 2026-04-20"
    assert len(parts["lac-pp-plus"].rows) == 1
    assert looked_after(cast.looked_after_pupil, cast.other_school)[0].rows == []


def test_the_identity_bar_badge_follows_the_register(cast, lac):
    record, _ = lac
    url = reverse("lac:pupil", kwargs={"pupil_id": record.pupil.public_id})
    assert "Looked after</strong>" in cast.client_for("sendco").get(url).content.decode()
    assert record.status == CareStatus.LOOKED_AFTER


def test_the_register_audits_the_pupils_named_in_its_overdue_and_unregistered_lists(cast):
    overdue = CareRecordFactory(pupil=cast.looked_after_pupil, school=cast.school, entered_care_on=d(2026, 9, 1))
    flagged = PupilFactory(trust=cast.trust, legal_surname="Flagged", looked_after=True)
    enrol(flagged, cast.school)
    url = reverse("lac:register", kwargs={"urn": cast.school.urn})
    # Filtered to previously looked-after pupils, the page's rows name neither.
    page = cast.client_for("designated-teacher").get(url, {"status": CareStatus.PREVIOUSLY})
    assert page.context["rows"] == []
    assert [row.record for row in page.context["overdue"]] == [overdue] and page.context["unregistered"] == [flagged]
    audited = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, summary__contains="register")
    assert set(audited.values_list("pupil", flat=True)) == {overdue.pupil.pk, flagged.pk}


def test_the_dashboards_pep_panel_audits_the_pupils_it_names_on_every_view(cast):
    CareRecordFactory(pupil=cast.looked_after_pupil, school=cast.school, entered_care_on=d(2026, 10, 1))
    client = cast.client_for("designated-teacher")
    # The second view reads the school's panels from the cache: it is audited all the same.
    for _ in range(2):
        client.get(reverse("dashboards:dashboard", kwargs={"urn": cast.school.urn}))
    audited = AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, pupil=cast.looked_after_pupil, summary__contains="PEPs are overdue"
    )
    assert audited.count() == 2


def test_a_stale_target_update_is_refused_with_409_and_changes_nothing(cast, lac):
    record, pep = lac
    target = pep.targets.get()
    url = reverse(
        "lac:target-edit",
        kwargs={"pupil_id": record.pupil.public_id, "pep_id": pep.public_id, "pep_target_id": target.public_id},
    )
    both_from = {"description": target.description, "progress_notes": "", "version": target.version}
    first = cast.client_for("designated-teacher").post(url, both_from | {"progress": "achieved"})
    assert first.status_code == 302
    second = cast.client_for("sendco").post(url, both_from | {"progress": "working"})
    assert second.status_code == 409
    target.refresh_from_db()
    assert (target.progress, target.version) == ("achieved", 2)


def test_two_first_saves_at_once_show_the_second_that_the_pupil_is_already_on_the_register(cast, monkeypatch):
    from opensend.lac import services

    pupil = cast.looked_after_pupil
    check = services._check

    def another_save_gets_in_first(record):
        check(record)
        CareRecordFactory(pupil=pupil, school=cast.school)

    monkeypatch.setattr(services, "_check", another_save_gets_in_first)
    url = reverse("lac:record-add", kwargs={"pupil_id": pupil.public_id})
    response = cast.client_for("designated-teacher").post(
        url, {"status": CareStatus.LOOKED_AFTER, "entered_care_on-day": "30", "entered_care_on-month": "3",
              "entered_care_on-year": "2026"}
    )  # fmt: skip
    assert response.status_code == 400  # the form again, with the message on its field
    assert "This pupil is already on the register" in response.content.decode()


def pep_pdf_url(pep) -> str:
    return reverse("lac:pep-print", kwargs={"pupil_id": pep.record.pupil.public_id, "pep_id": pep.public_id})


def test_the_pep_downloads_as_a_pdf_named_without_the_pupil_and_the_download_is_audited(cast, lac):
    _, pep = lac
    response = cast.client_for("designated-teacher").get(pep_pdf_url(pep))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF-")
    disposition = response["Content-Disposition"]
    assert "pep-2026-04-20.pdf" in disposition and "cared" not in disposition.lower()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, pupil=cast.looked_after_pupil, summary__contains="(PDF)"
    ).exists()


def test_the_pep_document_holds_what_the_virtual_school_reads(cast, lac):
    from opensend.core.documents import texts
    from opensend.lac.documents import pep_document

    record, pep = lac
    pep.child_voice, pep.pp_plus_allocated = "I like maths club", decimal.Decimal("2570")
    document = pep_document(pep, record, targets=list(pep.targets.all()), spending=list(pep.spending.all()))
    written = "\n".join(texts(document))
    spend = pep.spending.get()
    for expected in (
        cast.looked_after_pupil.full_name,
        "I like maths club",
        "Read a chapter book independently",
        spend.purpose,
        "Allocated: £2,570.00",
        f"Planned spending: £{spend.amount:,.2f}",
    ):
        assert expected in written
    assert cast.looked_after_pupil.legal_surname not in document.footer  # initials only
