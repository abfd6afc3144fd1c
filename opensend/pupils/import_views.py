"""The MIS import pages: upload a CSV, then watch the job that checks and applies it."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.views.decorators.http import require_GET, require_http_methods

from opensend.access import policy
from opensend.accounts.models import User
from opensend.core import forms as core_forms

from . import mis_import
from .models import ImportJob

RECENT_JOBS = 10
ERRORS_IN_SUMMARY = 10


class ImportUploadForm(core_forms.Form):
    file = forms.FileField(
        label="CSV file",
        error_messages={"required": "Choose a CSV file to upload", "empty": "The file is empty"},
    )
    kind = forms.ChoiceField(
        label="What the file contains",
        choices=ImportJob.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the file contains"},
    )
    check_only = forms.BooleanField(
        label="Only check the file; change nothing",
        help_text="OpenSEND checks every row and lists what an import would change, without saving anything.",
        required=False,
    )

    def clean_file(self) -> str:
        """The file's text; the upload itself is not kept."""
        upload = self.cleaned_data["file"]
        limit = settings.OPENSEND_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"The file must be smaller than {filesizeformat(limit)}")
        try:
            return mis_import.decode_csv(upload.read())
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


def import_job_for_user(user: User, public_id) -> ImportJob:
    """The job, if the person may import at its school; otherwise 404, as if it did not exist."""
    job = ImportJob.objects.select_related("school").defer("content").filter(public_id=public_id).first()
    if job is None:
        raise Http404("No such import.")
    policy.school_for_user(user, job.school.urn, policy.Capability.MIS_IMPORT)
    return job


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, urn: str) -> HttpResponse:
    access = policy.school_for_user(request.user, urn, policy.Capability.MIS_IMPORT)
    # So the list of recent imports shows a job lost in a restart as failed, not running.
    mis_import.import_jobs_fail_stale(school=access.school)
    form = ImportUploadForm(request.POST, request.FILES) if request.method == "POST" else ImportUploadForm()
    if form.is_bound and form.is_valid():
        try:
            job = mis_import.import_job_create(
                school=access.school,
                user=request.user,
                kind=form.cleaned_data["kind"],
                filename=request.FILES["file"].name,
                text=form.cleaned_data["file"],
                check_only=form.cleaned_data["check_only"],
            )
        except mis_import.ImportAlreadyRunning as refused:
            form.add_error("file", str(refused))
        else:
            mis_import.import_job_start(job)
            return redirect("pupils:import-job", job_id=job.public_id)
    recent = ImportJob.objects.filter(school=access.school).select_related("created_by").defer("content", "errors")
    context = {
        "access": access,
        "form": form,
        "jobs": recent[:RECENT_JOBS],
        "pupil_columns": mis_import.pupil_columns(),
        "staff_columns": mis_import.STAFF_COLUMNS,
        "max_size": settings.OPENSEND_IMPORT_MAX_BYTES,
    }
    return render(request, "pupils/import_upload.html", context)


@login_required
@require_GET
def import_job(request: HttpRequest, job_id) -> HttpResponse:
    job = import_job_for_user(request.user, job_id)
    mis_import.import_job_fail_if_stale(job)
    return render(request, "pupils/import_job.html", _job_context(job))


@login_required
@require_GET
def import_progress(request: HttpRequest, job_id) -> HttpResponse:
    job = import_job_for_user(request.user, job_id)
    mis_import.import_job_fail_if_stale(job)
    # htmx takes the <title> from the fragment, so the tab's title follows the job's state.
    return render(request, "pupils/import_progress.html", {**_job_context(job), "fragment": True})


def _job_context(job: ImportJob) -> dict:
    return {
        "job": job,
        "noun": "People" if job.kind == ImportJob.Kind.STAFF else "Pupils",
        "summary_errors": job.errors[:ERRORS_IN_SUMMARY],
        "more_errors": max(len(job.errors) - ERRORS_IN_SUMMARY, 0),
        "changes_not_shown": job.result.get("changes_total", 0) - len(job.result.get("changes", [])),
    }
