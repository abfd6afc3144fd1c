"""Security settings the ASVS matrix (docs/security/asvs.md) relies on, beyond those tests/core checks."""

from __future__ import annotations

import logging

from allauth.mfa.models import Authenticator
from django.conf import settings as django_settings
from django.urls import reverse

PLAIN = django_settings.LOGGING["formatters"]["plain"]


def test_a_message_to_the_person_is_kept_in_the_session_not_a_cookie_of_its_own(cast):
    client = cast.client_for("sendco")
    response = client.post(reverse("account_logout"))
    assert "messages" not in response.cookies
    assert set(response.cookies) <= {django_settings.SESSION_COOKIE_NAME, django_settings.CSRF_COOKIE_NAME}


def test_log_times_carry_their_offset_from_utc():
    formatter = logging.Formatter(fmt=PLAIN["format"], datefmt=PLAIN["datefmt"])
    record = logging.LogRecord("opensend.security", logging.INFO, __file__, 1, "login succeeded", (), None)
    assert formatter.format(record)[19:24] in {"+0000", "+0100"}


def test_sign_ins_their_failures_and_sign_outs_go_to_the_security_log(cast, caplog, client, settings):
    user = cast["sendco"]
    settings.OPENSEND_REQUIRE_MFA = False
    Authenticator.objects.filter(user=user).delete()  # a password alone signs in, so the sign-in completes
    with caplog.at_level(logging.INFO, logger="opensend.security"):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password-here"})
        client.post(reverse("account_login"), {"login": user.email, "password": "correct-horse-battery"})
        client.post(reverse("account_logout"))
    lines = [record.getMessage() for record in caplog.records if record.name == "opensend.security"]
    assert "login failed" in lines
    assert f"login succeeded user={user.public_id}" in lines
    assert f"logout user={user.public_id}" in lines
    assert not any("wrong-password-here" in line or user.email in line for line in lines)
