"""The MIS import pages: upload, the job page with its progress, and who may reach them."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from opensend.accounts.models import Role, User
from opensend.audit.models import AuditEvent
from opensend.pupils import mis_import
from opensend.pupils.models import ImportJob, Pupil

from .test_mis_import import STAFF_FILE, csv_text, good_file, pupil_line, upn

MAY_IMPORT = {Role.SENDCO, Role.HEAD, Role.SCHOOL_ADMIN}
DASH = "\N{EN DASH}"  # base.html ends every title with an en dash and the service name


def upload_url(cast) -> str:
    return reverse("pupils:import", kwargs={"urn": cast.school.urn})


def job_url(job: ImportJob) -> str:
    return reverse("pupils:import-job", kwargs={"job_id": job.public_id})


def progress_url(job: ImportJob) -> str:
    return reverse("pupils:import-progress", kwargs={"job_id": job.public_id})


def upload(client, cast, text: str | bytes, *, kind: str = "pupils", check_only: bool = False, name="export.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    form = {"file": SimpleUploadedFile(name, data, content_type="text/csv"), "kind": kind}
    if check_only:
        form["check_only"] = "on"
    return client.post(upload_url(cast), form, follow=True)


def make_job(school, user: User, **fields) -> ImportJob:
    values = {"kind": ImportJob.Kind.PUPILS, "original_filename": "export.csv", "content": "UPN\r\n"} | fields
    return ImportJob.objects.create(school=school, created_by=user, **values)


def seconds_ago(seconds: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=seconds)


def assert_no_inline_script_or_style(html: str) -> None:
    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


# --- Uploading --------------------------------------------------------------------------------------


def test_the_upload_page_offers_a_file_the_kind_and_check_only(cast):
    response = cast.client_for("school-admin").get(upload_url(cast))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<label class="govuk-label govuk-label--m" for="import-file">CSV file</label>' in html
    assert 'id="kind-pupils"' in html and 'id="kind-staff"' in html
    assert 'name="check_only"' in html
    assert html.count("<h1") == 1
    assert_no_inline_script_or_style(html)


def test_a_school_admin_imports_a_good_file_end_to_end(cast):
    response = upload(cast.client_for("school-admin"), cast, good_file())

    job = ImportJob.objects.get()
    assert response.redirect_chain == [(job_url(job), 302)]
    assert (job.status, job.rows_done, job.rows_total) == (ImportJob.Status.DONE, 3, 3)
    assert job.result["created"] == 3
    assert job.content == ""  # the pupils' data is not kept once the job ends
    html = response.content.decode()
    assert '<dd class="govuk-summary-list__value" id="count-created">3</dd>' in html
    assert "http-equiv" not in html  # nothing to refresh once the job has ended
    assert "hx-trigger" not in html
    assert Pupil.objects.filter(upn=upn(1)).exists()
    assert AuditEvent.objects.filter(pupil__upn=upn(1), actor=cast["school-admin"]).count() == 1
    assert_no_inline_script_or_style(html)


def test_a_bad_file_shows_every_problem_with_links_from_the_error_summary(cast):
    bad = csv_text([pupil_line(1, Sex="X"), pupil_line(2, DOB="31/02/2018")])

    response = upload(cast.client_for("sendco"), cast, bad)

    html = response.content.decode()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert f"<title>Error: Import of export.csv {DASH} OpenSEND</title>" in html
    assert "Nothing was imported: the file has 2 problems" in html
    assert '<a href="#problem-1">Row 2, Sex: Write F or M, not “X”</a>' in html
    assert '<a href="#problem-2">Row 3, DOB: “31/02/2018” is not a real date</a>' in html
    assert 'id="problem-2"' in html
    assert not Pupil.objects.filter(upn__in=[upn(1), upn(2)]).exists()


def test_check_only_shows_what_would_change_and_writes_nothing(cast):
    response = upload(cast.client_for("school-admin"), cast, good_file(), check_only=True)

    assert "This was a check only: nothing was changed." in response.content.decode()
    assert ImportJob.objects.get().result["created"] == 3
    assert not Pupil.objects.filter(upn=upn(1)).exists()


def test_a_staff_file_imports_from_the_web(cast):
    upload(cast.client_for("head"), cast, STAFF_FILE, kind="staff")
    assert User.objects.filter(email="jo.bloggs@oakfield.test").exists()


def test_a_file_saved_by_excel_in_windows_text_imports(cast):
    text = good_file().replace("Pupil001", "Ó Súilleabháin")
    upload(cast.client_for("school-admin"), cast, text.encode("cp1252"))
    assert Pupil.objects.get(upn=upn(1)).legal_surname == "Ó Súilleabháin"


def test_uploading_without_a_file_or_kind_shows_both_errors_linked_to_their_fields(cast):
    response = cast.client_for("school-admin").post(upload_url(cast), {})

    html = response.content.decode()
    assert f"<title>Error: Import from your MIS {DASH} OpenSEND</title>" in html
    assert '<a href="#import-file">Choose a CSV file to upload</a>' in html
    assert '<a href="#kind-pupils">Choose what the file contains</a>' in html
    assert not ImportJob.objects.exists()


@override_settings(OPENSEND_IMPORT_MAX_BYTES=100)
def test_a_file_over_the_size_limit_is_refused(cast):
    response = upload(cast.client_for("school-admin"), cast, good_file())
    assert "The file must be smaller than 100" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_workbook_is_refused_with_advice_to_save_as_csv(cast):
    response = upload(cast.client_for("school-admin"), cast, b"PK\x03\x04zip", name="export.xlsx")
    assert "Save it from your MIS or spreadsheet as “CSV UTF-8”" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_upload_page_lists_recent_imports(cast):
    job = make_job(cast.school, cast["sendco"], status=ImportJob.Status.DONE, original_filename="autumn.csv")
    response = cast.client_for("school-admin").get(upload_url(cast))
    assert f'href="{job_url(job)}">autumn.csv</a>' in response.content.decode()


# --- A running job --------------------------------------------------------------------------------


def test_a_running_job_polls_for_progress_and_refreshes_without_javascript(cast):
    job = make_job(cast.school, cast["sendco"], status=ImportJob.Status.VALIDATING, rows_total=200, rows_done=50)

    html = cast.client_for("sendco").get(job_url(job)).content.decode()

    assert f'hx-get="{progress_url(job)}" hx-trigger="every 1s" hx-swap="outerHTML"' in html
    # Inside <noscript>, so browsers running htmx (and axe) never see the refresh.
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert '<label class="govuk-label" for="import-progress-bar">Rows checked: 50 of 200</label>' in html
    assert 'max="200" value="50"' in html
    assert_no_inline_script_or_style(html)


def test_the_progress_fragment_carries_the_title_and_stops_polling_when_done(cast):
    job = make_job(cast.school, cast["sendco"], status=ImportJob.Status.DONE, result={"created": 1})

    html = cast.client_for("sendco").get(progress_url(job), headers={"HX-Request": "true"}).content.decode()

    assert html.startswith('<div id="import-job">')
    assert f"<title>Import of export.csv {DASH} OpenSEND</title>" in html
    assert "<h1" in html and "<html" not in html


def test_a_pending_job_shows_an_indeterminate_progress_bar(cast):
    job = make_job(cast.school, cast["sendco"])
    html = cast.client_for("sendco").get(progress_url(job)).content.decode()
    assert "Reading the file" in html
    assert "value=" not in html.split("<progress", 1)[1].split(">", 1)[0]


def test_the_refresh_for_browsers_without_javascript_is_in_the_head(cast):
    job = make_job(cast.school, cast["sendco"], status=ImportJob.Status.VALIDATING)
    head = cast.client_for("sendco").get(job_url(job)).content.decode().split("</head>", 1)[0]
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in head


# --- Jobs lost in a restart -----------------------------------------------------------------------

STOPPED = (
    "This import stopped before it finished: the background worker running it stopped. Nothing was changed: "
    "the import writes everything or nothing. Upload the file again."
)


@pytest.mark.parametrize("status", [ImportJob.Status.VALIDATING, ImportJob.Status.APPLYING])
def test_a_running_job_whose_heartbeat_stopped_is_shown_and_saved_as_failed(cast, status):
    job = make_job(cast.school, cast["sendco"], status=status, heartbeat_at=seconds_ago(601))

    html = cast.client_for("sendco").get(job_url(job)).content.decode()

    assert STOPPED in html
    assert "hx-trigger" not in html and "http-equiv" not in html
    job.refresh_from_db()
    assert (job.status, job.content) == (ImportJob.Status.FAILED, "")
    assert job.errors == [{"row": 0, "field": "", "message": STOPPED}]


def test_a_job_no_worker_took_up_is_failed_with_advice_to_check_the_worker(cast):
    job = make_job(cast.school, cast["sendco"], status=ImportJob.Status.PENDING, heartbeat_at=seconds_ago(601))

    html = cast.client_for("sendco").get(job_url(job)).content.decode()

    assert mis_import.jobs.NOT_STARTED in html
    job.refresh_from_db()
    assert (job.status, job.content) == (ImportJob.Status.FAILED, "")


def test_the_progress_fragment_stops_polling_once_the_job_is_given_up(cast):
    job = make_job(cast.school, cast["sendco"], status=ImportJob.Status.APPLYING, heartbeat_at=seconds_ago(601))

    html = cast.client_for("sendco").get(progress_url(job), headers={"HX-Request": "true"}).content.decode()

    assert STOPPED in html
    assert "hx-get" not in html
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.FAILED


@override_settings(OPENSEND_IMPORT_STALE_SECONDS=60)
def test_how_long_a_heartbeat_may_stop_is_a_setting(cast):
    recent = make_job(cast.school, cast["sendco"], status=ImportJob.Status.VALIDATING, heartbeat_at=seconds_ago(50))
    old = make_job(cast.other_school, cast["sendco"], status=ImportJob.Status.VALIDATING, heartbeat_at=seconds_ago(70))

    for job in (recent, old):
        mis_import.import_job_fail_if_stale(job)

    assert (recent.status, old.status) == (ImportJob.Status.VALIDATING, ImportJob.Status.FAILED)


def test_running_a_job_saves_its_heartbeat(cast):
    job = make_job(cast.school, cast["sendco"], content=good_file(), heartbeat_at=seconds_ago(3600))

    mis_import.import_job_run(job.pk)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert job.heartbeat_at > seconds_ago(60)


def test_a_job_given_up_while_its_thread_still_runs_writes_nothing(cast, monkeypatch):
    job = make_job(cast.school, cast["sendco"], content=good_file())
    parse, apply = mis_import.jobs._JOB_STEPS[ImportJob.Kind.PUPILS]

    def parse_then_be_given_up(*args, **kwargs):
        data = parse(*args, **kwargs)
        ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=seconds_ago(601))
        mis_import.import_jobs_fail_stale(school=cast.school)
        return data

    monkeypatch.setitem(mis_import.jobs._JOB_STEPS, ImportJob.Kind.PUPILS, (parse_then_be_given_up, apply))

    mis_import.import_job_run(job.pk)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.errors[0]["message"] == STOPPED
    assert not Pupil.objects.filter(upn=upn(1)).exists()


# --- One import at a time -------------------------------------------------------------------------

ALREADY_RUNNING = "An import for this school is already running: wait for it to finish."


def test_a_second_import_is_refused_while_one_for_the_school_runs(cast):
    make_job(cast.school, cast["head"], status=ImportJob.Status.APPLYING)

    response = upload(cast.client_for("school-admin"), cast, good_file())

    html = response.content.decode()
    assert response.redirect_chain == []
    assert f'<a href="#import-file">{ALREADY_RUNNING}</a>' in html
    assert ImportJob.objects.count() == 1
    assert not Pupil.objects.filter(upn=upn(1)).exists()


def test_a_job_whose_server_stopped_does_not_block_the_next_import(cast):
    stale = make_job(cast.school, cast["head"], status=ImportJob.Status.APPLYING, heartbeat_at=seconds_ago(601))

    upload(cast.client_for("school-admin"), cast, good_file())

    assert ImportJob.objects.get(pk=stale.pk).status == ImportJob.Status.FAILED
    assert ImportJob.objects.exclude(pk=stale.pk).get().status == ImportJob.Status.DONE


def test_an_import_running_at_another_school_does_not_block_this_one(cast):
    make_job(cast.other_school, cast["outsider"], status=ImportJob.Status.VALIDATING)

    upload(cast.client_for("school-admin"), cast, good_file())

    assert Pupil.objects.filter(upn=upn(1)).exists()


def test_the_database_refuses_two_running_jobs_for_one_school(cast):
    make_job(cast.school, cast["head"])
    with pytest.raises(IntegrityError):
        make_job(cast.school, cast["sendco"], status=ImportJob.Status.VALIDATING)


# --- Who may reach the pages ----------------------------------------------------------------------


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_only_roles_with_the_import_capability_reach_the_upload_page(cast, role):
    response = cast.client_for(role).get(upload_url(cast))
    assert response.status_code == (200 if role in MAY_IMPORT else 404)


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_only_roles_with_the_import_capability_see_a_job(cast, role):
    job = make_job(cast.school, cast["sendco"])
    client = cast.client_for(role)
    expected = 200 if role in MAY_IMPORT else 404
    assert client.get(job_url(job)).status_code == expected
    assert client.get(progress_url(job)).status_code == expected


def test_a_teacher_gets_404_for_the_upload_page_and_cannot_post(cast):
    client = cast.client_for("teacher")
    assert client.get(upload_url(cast)).status_code == 404
    response = client.post(upload_url(cast), {"file": SimpleUploadedFile("x.csv", b"UPN"), "kind": "pupils"})
    assert response.status_code == 404
    assert not ImportJob.objects.exists()


def test_the_outsider_gets_404_for_the_upload_page_and_for_another_schools_job(cast):
    job = make_job(cast.school, cast["sendco"])
    client = cast.client_for("outsider")
    assert client.get(upload_url(cast)).status_code == 404
    assert client.get(job_url(job)).status_code == 404
    assert client.get(progress_url(job)).status_code == 404


def test_an_importer_at_one_school_gets_404_for_another_schools_job(cast):
    job = make_job(cast.other_school, cast["outsider"])
    assert cast.client_for("sendco").get(job_url(job)).status_code == 404


def test_an_unknown_job_is_404(cast):
    url = reverse("pupils:import-job", kwargs={"job_id": "00000000-0000-0000-0000-000000000000"})
    assert cast.client_for("sendco").get(url).status_code == 404


def test_someone_signed_out_is_sent_to_sign_in(cast):
    response = cast.client_for("anonymous").get(upload_url(cast))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
