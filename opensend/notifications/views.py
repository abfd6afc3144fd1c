"""A person's email preferences: which sections of the daily digest they want."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from . import services
from .forms import DigestPreferencesForm


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    # Only ever the signed-in person's own preferences: nothing here names another user.
    wanted = [section.key for section in services.digest_sections_wanted(request.user)]
    form = DigestPreferencesForm(request.POST if request.method == "POST" else None, initial={"wanted": wanted})
    if request.method == "POST" and form.is_valid():
        services.digest_preferences_save(user=request.user, wanted=set(form.cleaned_data["wanted"]))
        messages.success(request, "Your email preferences are saved.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
