"""Building a subject access export outside the request: a long record's PDF takes longer than a
request should (docs/benchmarks.md)."""

from __future__ import annotations

import logging
import time

from django.utils import timezone
from django_tasks import task

from .models import SubjectAccessExport

log = logging.getLogger(__name__)


@task()
def build_subject_access_export(export_id: int) -> None:
    from .export import subject_access_zip  # WeasyPrint is slow to import: only in the worker

    export = SubjectAccessExport.objects.select_related("pupil", "school", "requested_by").get(pk=export_id)
    started = time.perf_counter()
    try:
        content = subject_access_zip(export.pupil, export.school, produced_by=export.requested_by.display_name)
    except Exception:
        # Logged by id only: the traceback could quote the record.
        log.exception("subject access export %s failed", export.public_id)
        export.status = SubjectAccessExport.Status.FAILED
    else:
        export.content = content
        export.size = len(content)
        export.status = SubjectAccessExport.Status.READY
    export.finished_at = timezone.now()
    export.seconds = time.perf_counter() - started
    export.save(update_fields=["content", "size", "status", "finished_at", "seconds"])
