"""Signing in: MFA before anything, throttled failures, sessions that expire, Argon2, no sign-up."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ..factories import MembershipFactory, UserFactory


def test_an_account_without_mfa_is_sent_to_set_it_up_before_seeing_pupils(cast):
    user = UserFactory()
    MembershipFactory(user=user, school=cast.school, role="sendco")
    client = Client()
    client.force_login(user)
    response = client.get(reverse("pupils:list", kwargs={"urn": cast.school.urn}))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_the_mfa_setup_page_itself_is_reachable_without_mfa(cast):
    user = UserFactory()
    MembershipFactory(user=user, school=cast.school, role="sendco")
    client = Client()
    client.force_login(user)
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/accounts/")  # allauth's own steps, no redirect loop


@override_settings(OPENSEND_REQUIRE_MFA=False)
def test_demo_mode_lets_an_account_without_mfa_in(cast):
    user = UserFactory()
    MembershipFactory(user=user, school=cast.school, role="sendco")
    client = Client()
    client.force_login(user)
    assert client.get(reverse("pupils:list", kwargs={"urn": cast.school.urn})).status_code == 200


def test_signing_in_with_mfa_asks_for_the_code_before_any_page(cast):
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "sendco@oakfield.test", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.get(reverse("pupils:list", kwargs={"urn": cast.school.urn}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_repeated_failed_sign_ins_are_throttled_even_for_the_right_password(cast):
    client = Client()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "sendco@oakfield.test", "password": "wrong-guess"})
    response = client.post(
        reverse("account_login"), {"login": "sendco@oakfield.test", "password": "correct-horse-battery"}
    )
    assert response.status_code == 200  # the form again, not the MFA step
    assert "Too many failed" in response.content.decode()


def test_sign_up_is_closed(client, db):
    response = client.post(reverse("account_signup"), {"email": "new@example.org", "password1": "a-long-password-1"})
    assert "cannot create an account" in response.content.decode()
    from opensend.accounts.models import User

    assert not User.objects.filter(email="new@example.org").exists()


def test_passwords_are_hashed_with_argon2():
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]):
        assert identify_hasher(make_password("opensend")).algorithm == "argon2"


@override_settings(SESSION_ABSOLUTE_SECONDS=60)
def test_a_session_ends_after_the_absolute_limit(cast, monkeypatch):
    client = cast.client_for("sendco")
    url = reverse("pupils:list", kwargs={"urn": cast.school.urn})
    assert client.get(url).status_code == 200
    later = time.time() + 120
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_session_cookie_expires_when_idle(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_SECONDS <= 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY


@pytest.mark.parametrize("role", ["governor", "trust-lead", "business-manager"])
def test_every_role_needs_mfa_even_for_aggregates(cast, role):
    user = UserFactory()
    if role == "trust-lead":
        MembershipFactory(user=user, school=None, trust=cast.trust, role=role)
    else:
        MembershipFactory(user=user, school=cast.school, role=role)
    client = Client()
    client.force_login(user)
    assert client.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")


def _settings_with(env: dict[str, str]) -> str:
    import os
    import subprocess
    import sys

    script = "import django; django.setup(); from django.conf import settings; print(settings.INSTALLED_APPS)"
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **env}
    return subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-c", script], env=full_env, capture_output=True, text=True, check=True, timeout=60
    ).stdout


def test_microsoft_and_google_sign_in_are_switched_on_by_configuration():
    configured = _settings_with(
        {
            "SSO_MICROSOFT_CLIENT_ID": "id",
            "SSO_MICROSOFT_SECRET": "secret",
            "SSO_GOOGLE_CLIENT_ID": "id",
            "SSO_GOOGLE_SECRET": "secret",
        }
    )
    assert "allauth.socialaccount.providers.microsoft" in configured
    assert "allauth.socialaccount.providers.google" in configured
    assert "providers.microsoft" not in _settings_with({})


def test_once_a_second_factor_is_seen_later_pages_do_not_look_it_up_again(cast):
    client = cast.client_for("sendco")
    url = reverse("pupils:list", kwargs={"urn": cast.school.urn})
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as later:
        client.get(url)
    looked_up = (
        ["mfa_authenticator" in query["sql"] for query in first],
        ["mfa_authenticator" in query["sql"] for query in later],
    )
    assert any(looked_up[0]) and not any(looked_up[1])


def test_removing_the_last_authenticator_sends_the_person_to_set_one_up_again(cast):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.signals import authenticator_removed

    client = cast.client_for("sendco")
    url = reverse("pupils:list", kwargs={"urn": cast.school.urn})
    response = client.get(url)
    authenticator = Authenticator.objects.get(user=cast["sendco"])
    authenticator.delete()
    authenticator_removed.send(
        sender=Authenticator, request=response.wsgi_request, user=cast["sendco"], authenticator=authenticator
    )
    response.wsgi_request.session.save()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
