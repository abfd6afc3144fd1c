"""A subject access export holds the pupil's whole record, from every feature, as a readable PDF and
as JSON and CSV, is recorded in the audit trail, and reaches only the pupil's school."""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from opensend.audit.models import AuditEvent
from opensend.dataprotection.export import collect, subject_access_zip
from opensend.dataprotection.models import SubjectAccessExport
from opensend.plans.models import Note
from opensend.pupils import subject_access
from opensend.pupils.subject_access import Table
from tests.identification.helpers import a_concern
from tests.passports.helpers import pdf_page_count

from .helpers import fill_record

pytestmark = pytest.mark.django_db


def export_url(pupil) -> str:
    return reverse("dataprotection:subject-access-export", kwargs={"pupil_id": pupil.public_id})


def page_url(pupil) -> str:
    return reverse("dataprotection:subject-access", kwargs={"pupil_id": pupil.public_id})


def download_url(export) -> str:
    return reverse(
        "dataprotection:subject-access-download",
        kwargs={"pupil_id": export.pupil.public_id, "export_id": export.public_id},
    )


def download(cast, role: str, pupil) -> zipfile.ZipFile:
    """Ask for the export (the task runs at once in tests), then download it from the page's link."""
    client = cast.client_for(role)
    asked = client.post(export_url(pupil))
    assert asked.status_code == 302 and asked["Location"] == page_url(pupil)
    export = SubjectAccessExport.objects.filter(pupil=pupil).first()
    assert export.status == SubjectAccessExport.Status.READY
    assert download_url(export) in client.get(page_url(pupil)).content.decode()
    response = client.get(download_url(export))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "no-store"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_export_holds_a_pdf_json_a_csv_per_table_and_the_passport_photo(cast):
    pupil = fill_record(cast)
    archive = download(cast, "sendco", pupil)
    names = set(archive.namelist())
    assert {"README.txt", "record.pdf", "record.json"} <= names
    assert {
        "csv/pupil-details.csv",
        "csv/register-sen-needs.csv",
        "csv/plans-targets.csv",
        "csv/audit-audit.csv",
    } <= names
    assert "files/passport-photo-1.png" in names
    pdf = archive.read("record.pdf")
    assert pdf.startswith(b"%PDF")
    assert pdf_page_count(pdf) >= 2


def test_every_feature_of_the_record_is_in_the_json(cast):
    pupil = fill_record(cast)
    document = json.loads(download(cast, "sendco", pupil).read("record.json"))
    sections = document["sections"]
    assert list(sections) == [
        "pupil",
        "register",
        "passports",
        "concerns",
        "assessments",
        "plans",
        "provision",
        "family",
        "ehc",
        "lac",
        "casework",
        "funding",
        "audit",
    ]
    text = json.dumps(document, ensure_ascii=False)
    for held in [
        pupil.legal_surname,
        "Jordan Parent",  # contacts
        "Specific learning difficulty",  # needs, with their readable names
        "Spelling well below age",  # monitoring
        "Finds it hard to follow spoken instructions",  # concerns
        "Struggles with homework at home.",  # contributions
        "Salford Sentence Reading Test",  # assessments
        "Daily phonics, 10 minutes",  # APDR cycles
        "Good week",  # notes
        "Agreed the plan",  # parents' meetings
        "I love drawing dragons",  # passports
    ]:
        assert held in text, held
    targets = sections["plans"]["tables"]["targets"]["rows"]
    assert len(targets) == 2 and {"Cycle", "Outcome", "By"} <= set(targets[0])


def test_the_audit_section_shows_who_viewed_the_record_and_this_export(cast):
    pupil = fill_record(cast)
    document = json.loads(download(cast, "dpo", pupil).read("record.json"))
    audit_rows = document["sections"]["audit"]["tables"]["audit"]["rows"]
    assert any(row["What"] == "Viewed" and row["Who"] == cast["sendco"].email for row in audit_rows)
    assert any(row["What"] == "Exported" and row["Who"] == cast["dpo"].email for row in audit_rows)


def test_asking_for_and_downloading_the_export_are_audited_against_the_pupil(cast):
    pupil = fill_record(cast)
    download(cast, "head", pupil)
    events = AuditEvent.objects.filter(pupil=pupil, action=AuditEvent.Action.EXPORT).order_by("pk")
    assert [event.summary for event in events] == [
        "Asked for a subject access export of the whole record",
        "Downloaded the subject access export of the whole record",
    ]
    assert {(event.actor, event.school) for event in events} == {(cast["head"], cast.school)}


def test_an_export_older_than_a_week_cannot_be_downloaded_and_loses_its_content(cast):
    pupil = fill_record(cast)
    download(cast, "sendco", pupil)
    old = SubjectAccessExport.objects.get()
    SubjectAccessExport.objects.filter(pk=old.pk).update(requested_at=timezone.now() - datetime.timedelta(days=8))
    client = cast.client_for("sendco")
    assert client.get(download_url(old)).status_code == 404
    client.post(export_url(pupil))
    old.refresh_from_db()
    assert old.content is None


def test_an_export_cannot_be_downloaded_through_another_pupils_address(cast):
    download(cast, "sendco", cast.taught_pupil)
    export = SubjectAccessExport.objects.get()
    url = reverse(
        "dataprotection:subject-access-download",
        kwargs={"pupil_id": cast.untaught_pupil.public_id, "export_id": export.public_id},
    )
    assert cast.client_for("sendco").get(url).status_code == 404


def test_a_failed_export_says_so_and_offers_no_download(cast, monkeypatch):
    from opensend.dataprotection import export as export_module

    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setattr(export_module, "subject_access_zip", broken)
    client = cast.client_for("sendco")
    client.post(export_url(cast.taught_pupil))
    export = SubjectAccessExport.objects.get()
    assert export.status == SubjectAccessExport.Status.FAILED
    page = client.get(page_url(cast.taught_pupil)).content.decode()
    assert "Failed" in page and download_url(export) not in page


def test_text_a_spreadsheet_would_run_as_a_formula_is_made_plain_in_the_csv(cast):
    pupil = fill_record(cast)
    cycle = pupil.apdr_cycles.get()
    Note.objects.create(cycle=cycle, author=cast["teacher"], written_on=cycle.opened_on, text='=HYPERLINK("x")')
    archive = download(cast, "sendco", pupil)
    rows = list(csv.DictReader(io.StringIO(archive.read("csv/plans-notes.csv").decode("utf-8-sig"))))
    assert '\'=HYPERLINK("x")' in [row["Text"] for row in rows]


def test_a_pupil_at_another_school_of_the_trust_is_not_found(cast):
    response = cast.client_for("sendco").post(export_url(cast.other_school_pupil))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_an_export_cannot_be_asked_for_with_a_get(cast):
    response = cast.client_for("sendco").get(export_url(cast.taught_pupil))
    assert response.status_code == 405
    assert not SubjectAccessExport.objects.exists()


def test_the_page_lists_every_section_and_offers_the_download(cast):
    url = reverse("dataprotection:subject-access", kwargs={"pupil_id": cast.taught_pupil.public_id})
    page = cast.client_for("dpo").get(url).content.decode()
    assert "Who viewed or changed the record" in page and "Pupil passports" in page
    assert export_url(cast.taught_pupil) in page


def test_a_feature_adds_its_section_with_one_function(cast, monkeypatch):
    monkeypatch.setattr(subject_access, "_sections", dict(subject_access._sections))

    def provision(pupil, school):
        return [Table("groups", "Intervention groups", [{"Group": "Lexia, 3 times a week"}])]

    subject_access.register_section("provision", "Provision", 45, provision)
    document = json.loads(download(cast, "sendco", cast.taught_pupil).read("record.json"))
    assert document["sections"]["provision"]["tables"]["groups"]["rows"] == [{"Group": "Lexia, 3 times a week"}]


def test_collecting_a_record_takes_the_same_queries_however_large_it_is(cast, django_assert_max_num_queries):
    small = fill_record(cast, cast.taught_pupil, cycles=1, targets=1)
    large = fill_record(cast, cast.untaught_pupil, cycles=6, targets=5)
    # Each section costs a few queries of its own (casework's referrals, chasers, reports and
    # recommendations are four, the family contact log one, the looked-after register five, the
    # EHC meeting records, progress and Section F delivery three, funding's applications one); what
    # matters is that a larger record costs no more.
    with django_assert_max_num_queries(44) as small_queries:
        collect(small, cast.school)
    with django_assert_max_num_queries(len(small_queries.captured_queries)):
        collect(large, cast.school)


def test_the_export_made_at_a_school_holds_what_that_school_holds_and_not_another_schools_records(cast):
    pupil = cast.taught_pupil
    a_concern(cast, pupil=pupil, what_seen="Seen at Oakfield: loses track of instructions.")
    a_concern(cast, pupil=pupil, school=cast.other_school, what_seen="Seen at Birchwood: anxious at lunch.")
    document = download(cast, "sendco", pupil).read("record.json").decode()
    assert "Seen at Oakfield" in document
    assert "Seen at Birchwood" not in document


def test_the_zip_is_built_without_reaching_the_network(cast):
    pupil = fill_record(cast)
    cycle = pupil.apdr_cycles.get()
    Note.objects.create(
        cycle=cycle, author=cast["teacher"], written_on=cycle.opened_on, text='<img src="http://example.org/x.png">'
    )
    content = subject_access_zip(pupil, cast.school, produced_by="Test")
    assert zipfile.ZipFile(io.BytesIO(content)).read("record.pdf").startswith(b"%PDF")


def test_the_pdf_reads_section_by_section_with_every_entry(cast, monkeypatch):
    from opensend.dataprotection import export as export_module

    rendered = []
    render = export_module.render_to_string
    monkeypatch.setattr(
        export_module, "render_to_string", lambda *a, **k: rendered.append(render(*a, **k)) or rendered[-1]
    )
    pupil = fill_record(cast)
    subject_access_zip(pupil, cast.school, produced_by="Dana Protection")
    html = rendered[0]
    assert f"<strong>{pupil.full_name}</strong>" in html and "for Dana Protection" in html
    for heading in ("Pupil details", "SEN register", "Pupil passports", "Plans and meetings", "Who viewed or changed"):
        assert f"<h2>{heading}" in html
    assert "I love drawing dragons" in html and "Good week" in html
    assert "files/passport-photo-1.png" in html


def test_the_pdf_counts_a_persons_views_of_a_day_together_and_the_json_lists_each(cast, monkeypatch):
    from opensend.audit.services import audit_view
    from opensend.dataprotection import export as export_module

    for _ in range(12):
        audit_view(actor=cast["teacher"], pupil=cast.taught_pupil, school=cast.school)
    rendered = []
    render = export_module.render_to_string
    monkeypatch.setattr(
        export_module, "render_to_string", lambda *a, **k: rendered.append(render(*a, **k)) or rendered[-1]
    )
    content = subject_access_zip(cast.taught_pupil, cast.school, produced_by="Dana Protection")
    assert "Viewed the record 12 times" in rendered[0]
    document = json.loads(zipfile.ZipFile(io.BytesIO(content)).read("record.json"))
    assert len(document["sections"]["audit"]["tables"]["audit"]["rows"]) == 12


def test_asking_for_and_downloading_exports_is_limited_per_person_per_minute(cast, settings):
    settings.OPENSEND_DOWNLOADS_PER_MINUTE = 2
    pupil = cast.taught_pupil
    client = cast.client_for("sendco")
    assert [client.post(export_url(pupil)).status_code for _ in range(2)] == [302, 302]
    assert client.post(export_url(pupil)).status_code == 429
    assert client.get(download_url(SubjectAccessExport.objects.filter(pupil=pupil).first())).status_code == 429
    assert SubjectAccessExport.objects.filter(pupil=pupil).count() == 2


def test_the_retention_review_clears_the_content_of_expired_exports_and_keeps_current_ones(cast):
    expired = SubjectAccessExport.objects.create(
        pupil=cast.taught_pupil, school=cast.school, requested_by=cast["sendco"], content=b"PK old"
    )
    SubjectAccessExport.objects.filter(pk=expired.pk).update(
        requested_at=timezone.now() - SubjectAccessExport.KEPT_FOR - datetime.timedelta(hours=1)
    )
    current = SubjectAccessExport.objects.create(
        pupil=cast.taught_pupil, school=cast.school, requested_by=cast["sendco"], content=b"PK new"
    )
    out = io.StringIO()
    call_command("retention_review", stdout=out)
    assert "Cleared 1 expired subject access export(s)" in out.getvalue()
    expired.refresh_from_db()
    current.refresh_from_db()
    assert expired.content is None
    assert bytes(current.content) == b"PK new"
