from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.schools.models import NCYear

from . import selectors


@login_required
@require_GET
def school_overview(request: HttpRequest, urn: str) -> HttpResponse:
    """The school at a glance, in numbers: what governors and the business manager see."""
    access = policy.school_for_user(request.user, urn, Capability.SCHOOL_OVERVIEW)
    request.opensend_access = access
    summary = selectors.school_summary(access.school)
    year_labels = dict(NCYear.choices)
    for row in summary["by_year"]:
        row["label"] = year_labels.get(row["year_group__nc_year"], row["year_group__nc_year"])
    return render(request, "schools/overview.html", {"access": access, "summary": summary})


@login_required
@require_GET
def trust_overview(request: HttpRequest, trust_id) -> HttpResponse:
    trust = policy.trust_for_user(request.user, trust_id)
    return render(request, "schools/trust_overview.html", {"trust": trust, "schools": selectors.trust_summary(trust)})
