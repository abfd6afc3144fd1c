"""Import jobs, the web upload: one job per school at a time, run as a task by a background worker,
its status and progress saved on the job row so any app server can show them. A job whose worker
died stops saving its heartbeat and is given up as failed when next looked at; its writes were
never committed, because the import writes everything in one transaction."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import task

from opensend.accounts.models import User
from opensend.schools.models import School

from ..models import ImportJob
from .pupils import parse_pupils, pupils_apply
from .results import ImportInvalid, ImportResult, RowError
from .staff import parse_staff, staff_apply

logger = logging.getLogger(__name__)

ALREADY_RUNNING = "An import for this school is already running: wait for it to finish."
STOPPED = (
    "This import stopped before it finished: the background worker running it stopped. Nothing was changed: "
    "the import writes everything or nothing. Upload the file again."
)
NOT_STARTED = (
    "This import did not start: no background worker took it up. Nothing was changed. "
    "Ask your administrator to check the worker is running, then upload the file again."
)
_UNEXPECTED = "The import stopped unexpectedly. Nothing was changed. Try again, or ask your administrator."
_STALE_SECONDS = 600

# How each kind of job reads its file and writes it.
_JOB_STEPS: dict[str, tuple[Callable[..., Any], Callable[..., ImportResult]]] = {
    ImportJob.Kind.PUPILS: (parse_pupils, pupils_apply),
    ImportJob.Kind.STAFF: (parse_staff, staff_apply),
}


class ImportAlreadyRunning(Exception):
    pass


class _GivenUp(Exception):
    """The job was failed as stale while this thread still ran it: stop, and write nothing."""


# --- Starting a job -------------------------------------------------------------------------------


def import_job_create(
    *, school: School, user: User, kind: str, filename: str, text: str, check_only: bool
) -> ImportJob:
    """Raises ImportAlreadyRunning while another job for the school runs."""
    import_jobs_fail_stale(school=school)
    if ImportJob.objects.filter(school=school, status__in=ImportJob.RUNNING).exists():
        raise ImportAlreadyRunning(ALREADY_RUNNING)
    try:
        with transaction.atomic():
            return ImportJob.objects.create(
                school=school,
                created_by=user,
                kind=kind,
                check_only=check_only,
                original_filename=filename[:255],
                content=text,
            )
    except IntegrityError as error:
        # Two uploads at the same moment both passed the check; the database kept the first.
        raise ImportAlreadyRunning(ALREADY_RUNNING) from error


def import_job_start(job: ImportJob) -> None:
    """Queue the job for a worker. import_job_create committed the row, so any worker finds it."""
    import_job_task.enqueue(job.pk)


@task()
def import_job_task(job_pk: int) -> None:
    import_job_run(job_pk)


# --- Running it -----------------------------------------------------------------------------------


def import_job_run(job_pk: int) -> None:
    job = ImportJob.objects.select_related("school", "created_by").get(pk=job_pk)
    try:
        _run_steps(job)
    except _GivenUp:
        logger.warning("Import job %s was given up as stale while it ran; nothing was written", job.public_id)


def _run_steps(job: ImportJob) -> None:
    parse, apply = _JOB_STEPS[job.kind]
    _job_save(job, status=ImportJob.Status.VALIDATING)
    try:
        data = parse(job.content, progress=lambda done, total: _job_save(job, rows_done=done, rows_total=total))
        if not job.check_only:
            _job_save(job, status=ImportJob.Status.APPLYING)
        with transaction.atomic():
            result = apply(school=job.school, data=data, actor=job.created_by, dry_run=job.check_only)
            # In the same transaction as the writes: if the job was given up meanwhile, they roll back.
            _job_finish(job, status=ImportJob.Status.DONE, result=result.summary())
    except _GivenUp:
        raise
    except ImportInvalid as invalid:
        _job_finish(job, status=ImportJob.Status.FAILED, errors=[error.as_dict() for error in invalid.errors])
    except Exception:
        logger.exception("Import job %s stopped", job.public_id)
        _job_finish(job, status=ImportJob.Status.FAILED, errors=[RowError(0, "", _UNEXPECTED).as_dict()])


def _job_save(job: ImportJob, **values: Any) -> None:
    """Save status or progress, and the heartbeat with it. Rows are checked outside the writing
    transaction, so every app server sees this at once."""
    values["heartbeat_at"] = timezone.now()
    # Only while the job still runs: once given up, nothing this thread does may bring it back.
    if not ImportJob.objects.filter(pk=job.pk, status__in=ImportJob.RUNNING).update(**values):
        raise _GivenUp
    for name, value in values.items():
        setattr(job, name, value)


def _job_finish(job: ImportJob, **values: Any) -> None:
    # The file holds every pupil's personal data; once the job ends nothing needs it again.
    _job_save(job, content="", finished_at=timezone.now(), **values)


# --- Jobs lost in a restart -----------------------------------------------------------------------


def _stale_before() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(
        seconds=getattr(settings, "OPENSEND_IMPORT_STALE_SECONDS", _STALE_SECONDS)
    )


def _fail_stale(jobs: QuerySet[ImportJob]) -> int:
    stale = jobs.filter(heartbeat_at__lt=_stale_before())
    # A job still pending was never picked up (no worker running); a started one lost its worker.
    not_started = _give_up(stale.filter(status=ImportJob.Status.PENDING), NOT_STARTED)
    stopped = _give_up(stale.filter(status__in=ImportJob.RUNNING).exclude(status=ImportJob.Status.PENDING), STOPPED)
    return not_started + stopped


def _give_up(jobs: QuerySet[ImportJob], message: str) -> int:
    now = timezone.now()
    return jobs.update(
        status=ImportJob.Status.FAILED,
        errors=[RowError(0, "", message).as_dict()],
        content="",
        finished_at=now,
        heartbeat_at=now,
    )


def import_jobs_fail_stale(*, school: School) -> None:
    """Give up the school's running jobs whose heartbeat stopped."""
    _fail_stale(ImportJob.objects.filter(school=school))


def import_job_fail_if_stale(job: ImportJob) -> None:
    """Give up the job if its heartbeat stopped, and bring `job` up to date."""
    if job.is_running and job.heartbeat_at < _stale_before() and _fail_stale(ImportJob.objects.filter(pk=job.pk)):
        job.refresh_from_db(fields=["status", "errors", "finished_at", "heartbeat_at"])
