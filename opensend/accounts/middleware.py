"""Session lifetime and the MFA requirement, applied to every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Refreshing the idle clock writes the session; once a minute is precise enough and saves a write per page.
_REFRESH_EVERY_SECONDS = 60


class SessionTimeoutMiddleware:
    """Idle sessions expire (the cookie age slides on each refresh); every session ends after an
    absolute limit however active it is."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault("opensend_started", now)
            if now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(settings.LOGIN_URL)
            if now - session.get("opensend_seen", 0) > _REFRESH_EVERY_SECONDS:
                session["opensend_seen"] = now
        return self.get_response(request)


# Set once the account is seen to have a second factor, so that later pages skip the query;
# removing an authenticator drops it (signals.py).
MFA_ENROLLED_SESSION_KEY = "opensend_mfa_enrolled"


class RequireMFAMiddleware:
    """Every role sees pupil data, named or in aggregate, so every account must set up a second
    factor before it sees anything (DfE cyber security standards, ASVS 6.3.3)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_enrol(request):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_enrol(self, request: HttpRequest) -> bool:
        if not settings.OPENSEND_REQUIRE_MFA or not request.user.is_authenticated:
            return False
        if request.path.startswith(("/accounts/", settings.STATIC_URL)) or request.path == reverse("healthz"):
            return False
        if request.session.get(MFA_ENROLLED_SESSION_KEY):
            return False
        if is_mfa_enabled(request.user):
            request.session[MFA_ENROLLED_SESSION_KEY] = True
            return False
        return True
