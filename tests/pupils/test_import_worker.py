"""The MIS import as a task: queued by the upload, run by a background worker on the database queue,
and a worker that dies mid-import leaves nothing written and the job failed."""

from __future__ import annotations

from django_tasks_db.models import DBTaskResult

from opensend.pupils import mis_import
from opensend.pupils.models import ImportJob, Pupil

from .test_import_views import STOPPED, job_url, seconds_ago, upload
from .test_mis_import import good_file, upn


class WorkerKilled(BaseException):
    """What a worker process sees of SIGKILL or a power cut: nothing after this point runs."""


def test_an_upload_queues_the_import_and_changes_nothing_until_a_worker_runs_it(cast, task_worker):
    upload(cast.client_for("school-admin"), cast, good_file())

    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.PENDING
    assert DBTaskResult.objects.get().task_path == "opensend.pupils.mis_import.jobs.import_job_task"
    assert not Pupil.objects.filter(upn=upn(1)).exists()


def test_the_worker_runs_the_queued_import_to_the_end(cast, task_worker):
    upload(cast.client_for("school-admin"), cast, good_file())

    task_worker()

    job = ImportJob.objects.get()
    assert (job.status, job.rows_done, job.rows_total) == (ImportJob.Status.DONE, 3, 3)
    assert job.content == ""
    assert Pupil.objects.filter(upn=upn(1)).exists()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_progress_page_shows_the_job_waiting_then_finished(cast, task_worker):
    client = cast.client_for("school-admin")
    upload(client, cast, good_file())
    job = ImportJob.objects.get()

    waiting = client.get(job_url(job)).content.decode()
    task_worker()
    finished = client.get(job_url(job)).content.decode()

    assert "hx-trigger" in waiting
    assert "hx-trigger" not in finished and 'id="count-created">3<' in finished


def test_a_worker_that_dies_mid_import_leaves_nothing_written_and_the_job_failed(cast, task_worker, monkeypatch):
    parse, apply = mis_import.jobs._JOB_STEPS[ImportJob.Kind.PUPILS]

    def apply_then_die(**kwargs):
        apply(**kwargs)  # every pupil written, inside the import's transaction
        raise WorkerKilled

    monkeypatch.setitem(mis_import.jobs._JOB_STEPS, ImportJob.Kind.PUPILS, (parse, apply_then_die))
    client = cast.client_for("school-admin")
    upload(client, cast, good_file())

    task_worker()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.APPLYING  # as a killed worker leaves it
    assert not Pupil.objects.filter(upn=upn(1)).exists()

    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=seconds_ago(601))
    html = client.get(job_url(job)).content.decode()

    assert STOPPED in html
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert not Pupil.objects.filter(upn=upn(1)).exists()


def test_the_next_import_runs_once_the_dead_workers_job_is_given_up(cast, task_worker):
    ImportJob.objects.create(
        school=cast.school,
        created_by=cast["head"],
        kind=ImportJob.Kind.PUPILS,
        original_filename="export.csv",
        status=ImportJob.Status.APPLYING,
        heartbeat_at=seconds_ago(601),
    )

    upload(cast.client_for("school-admin"), cast, good_file())
    task_worker()

    assert list(ImportJob.objects.values_list("status", flat=True)) == [ImportJob.Status.DONE, ImportJob.Status.FAILED]
    assert Pupil.objects.filter(upn=upn(1)).exists()
