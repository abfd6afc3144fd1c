"""Ending sessions: all of one person's, everyone's, or a person's others after their sign-in
factors change (ASVS 7.4.3, 7.4.5)."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone


def end_sessions(user=None, *, keep: str | None = None) -> int:
    """End `user`'s sessions (everyone's if None) but `keep`, through the session engine so a cached
    copy goes too. How many ended."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep:
            continue
        if user is not None and session.get_decoded().get("_auth_user_id") != str(user.pk):
            continue
        store(session_key=session.session_key).delete()
        ended += 1
    return ended
