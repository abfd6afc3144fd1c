"""Headers every response carries. Pages hold pupil data, so nothing is cached or framed."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .school_cache import serving_page

# Where a sign-in form may send the browser: ourselves, and each configured SSO provider.
SSO_FORM_TARGETS = {"microsoft": "https://login.microsoftonline.com", "google": "https://accounts.google.com"}


def content_security_policy() -> str:
    form_targets = ["'self'", *(SSO_FORM_TARGETS[name] for name in settings.SOCIALACCOUNT_PROVIDERS)]
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            f"form-action {' '.join(form_targets)}",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
        ]
    )


PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.content_security_policy = content_security_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.content_security_policy)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if not request.path.startswith(settings.STATIC_URL):
            # Pupil data must never sit in a browser or proxy cache (ASVS 14.2.2, 14.3.2).
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response


class CachePageMiddleware:
    """Tells the school cache which page each request serves, so that it reads in one round trip
    what the page read last time (`opensend.core.school_cache`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        serving_page(request.resolver_match.view_name)
