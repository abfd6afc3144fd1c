from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from opensend.access import policy

from .backups import newest_backup_age


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 while the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", **_backup_health()})


def _backup_health() -> dict:
    """Where backups are configured: the newest one's age, "degraded" when it is too old. Still 200:
    a late backup is for the operator's monitoring, not a reason to take the server out of service."""
    if not settings.BACKUP_DIR:
        return {}
    age = newest_backup_age(Path(settings.BACKUP_DIR))
    if age is None:
        return {"status": "degraded", "backup": "none"}
    fresh = age <= datetime.timedelta(hours=settings.BACKUP_MAX_AGE_HOURS)
    health = {"backup": "ok" if fresh else "stale", "backup_age_hours": round(age.total_seconds() / 3600, 1)}
    return health if fresh else {"status": "degraded", **health}


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to the first place their roles give them."""
    return redirect(policy.home_url_for(request.user))


@login_required
@require_GET
def no_access(request: HttpRequest) -> HttpResponse:
    return render(request, "core/no_access.html")
