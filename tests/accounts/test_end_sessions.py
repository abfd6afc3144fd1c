"""`manage.py end_sessions` ends one person's sessions, or everyone's (ASVS 7.4.5); a change of
authenticator ends the person's other sessions (ASVS 7.4.3)."""

from __future__ import annotations

from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_removed
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse


def _signed_in(cast, role):
    client = cast.client_for(role)
    assert client.get(reverse("home")).status_code in (200, 302)
    return client


def _is_signed_in(client) -> bool:
    response = client.get(reverse("home"))
    return not (response.status_code == 302 and "/accounts/login/" in response.url)


def test_ending_one_persons_sessions_signs_them_out_and_no_one_else(cast):
    teacher, sendco = _signed_in(cast, "teacher"), _signed_in(cast, "sendco")
    out = StringIO()
    call_command("end_sessions", email=cast["teacher"].email.upper(), stdout=out)
    assert out.getvalue().strip() == "Ended 1 session."
    assert not _is_signed_in(teacher)
    assert _is_signed_in(sendco)


def test_ending_everyones_sessions_signs_everyone_out(cast):
    clients = [_signed_in(cast, role) for role in ("teacher", "sendco", "head")]
    call_command("end_sessions", everyone=True, stdout=StringIO())
    assert not any(_is_signed_in(client) for client in clients)


def test_an_unknown_email_is_refused_and_ends_nothing(cast):
    sendco = _signed_in(cast, "sendco")
    with pytest.raises(CommandError, match="No account has the email address"):
        call_command("end_sessions", email="nobody@example.org", stdout=StringIO())
    assert _is_signed_in(sendco)


def test_a_change_of_authenticator_signs_the_person_out_everywhere_else(cast, rf):
    here, elsewhere, colleague = _signed_in(cast, "sendco"), _signed_in(cast, "sendco"), _signed_in(cast, "head")
    request = rf.post("/accounts/2fa/totp/deactivate/")
    request.session = SessionStore(session_key=here.cookies[settings.SESSION_COOKIE_NAME].value)
    user = cast["sendco"]
    authenticator_removed.send(
        sender=Authenticator, request=request, user=user, authenticator=user.authenticator_set.first()
    )
    assert _is_signed_in(here)
    assert not _is_signed_in(elsewhere)
    assert _is_signed_in(colleague)


def test_resetting_a_lost_authenticator_removes_it_and_signs_the_person_out(cast):
    client = _signed_in(cast, "teacher")
    out = StringIO()
    call_command("reset_mfa", email=cast["teacher"].email, confirmed_by="head@oakfield.test", stdout=out)
    assert not Authenticator.objects.filter(user=cast["teacher"]).exists()
    assert Authenticator.objects.filter(user=cast["sendco"]).exists()
    assert not _is_signed_in(client)
    assert "Confirmed by head@oakfield.test" in out.getvalue()
