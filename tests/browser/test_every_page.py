"""Every page a person can reach, in Chromium: no server errors, no axe-core violations, no
Content-Security-Policy breaches, no failed assets. Screenshots go to screenshots/ for people to look at."""

from __future__ import annotations

import re
import time

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.apps import apps
from django.template.loader import render_to_string
from django.urls import reverse

from opensend.access.policy import ROLE_CAPABILITIES, Capability
from tests.browser.conftest import PASSWORD
from tests.conftest import ROLES
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

PUPIL_RECORD = re.compile(r"/pupils/[0-9a-f-]{36}/$")
NEW_PASSWORD = "violet-harbour-lantern-42"


def current_code(secret: str) -> str:
    """The authenticator app's code now, from a fresh 30-second period so it is still good when it arrives."""
    if 30 - time.time() % 30 < 5:
        time.sleep(30 - time.time() % 30)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.parametrize("role", ROLES)
def test_every_page_in_a_roles_navigation_passes(role, send_world, pages_for):
    pages = pages_for(role)
    pages.check("home", pages.sign_in(send_world[role].email))
    links = pages.page.eval_on_selector_all(
        ".govuk-service-navigation__link", "links => links.map(a => [a.textContent.trim(), a.href])"
    )
    assert links, f"{role} sees no navigation at {pages.page.url}"
    for label, href in links:
        visit = pages.visit(label, href)
        if Capability.PUPIL_RECORD in ROLE_CAPABILITIES[role] and label == "Pupils" and visit.status == 200:
            hrefs = pages.page.eval_on_selector_all("main a[href]", "links => links.map(a => a.href)")
            record = next((href for href in hrefs if PUPIL_RECORD.search(href)), None)
            if record is None:
                visit.problems.append("the pupil list links to no pupil record")
            else:
                pages.visit("pupil record", record)
                sections = pages.page.eval_on_selector_all(
                    ".moj-sub-navigation__link", "links => links.map(a => [a.textContent.trim(), a.href])"
                )
                for section, section_href in sections[1:]:
                    pages.visit(f"pupil record, {section}", section_href)
    pages.assert_no_problems()


def test_pages_before_sign_in_pass(world, pages_for):
    pages = pages_for("anonymous")
    pages.visit("sign in", "/accounts/login/")
    assert pages.page.get_by_role("heading", level=1).inner_text() == "Sign in to OpenSEND"
    pages.check("sign in with errors", pages.submit("Sign in"))
    assert pages.page.locator(".govuk-error-summary").is_visible()

    pages.visit("reset password", "/accounts/password/reset/")
    pages.page.get_by_label("Email address").fill(world["sendco"].email)
    pages.check("reset password sent", pages.submit("Send reset link"))

    user = world["sendco"]
    key_url = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    pages.visit("choose new password", key_url)
    pages.page.locator("#id_password1").fill(NEW_PASSWORD)
    pages.page.locator("#id_password2").fill(NEW_PASSWORD)
    pages.check("password changed", pages.submit("Change password"))

    pages.visit("reset link expired", key_url)
    pages.visit("sign up closed", "/accounts/signup/")
    pages.visit("page not found", "/no-such-page/")
    pages.assert_no_problems()


def test_server_error_page_is_styled_without_the_database(pages_for):
    # Django renders 500.html with no context; shown here in a page the live server sent, so the
    # stylesheet and the Content-Security-Policy are the real ones.
    pages = pages_for("anonymous")
    pages.goto("/healthz")
    pages.page.set_content(render_to_string("500.html"))
    pages.check("server error")
    assert pages.page.locator("h1").inner_text() == "Sorry, there is a problem with OpenSEND"
    assert pages.page.locator("header.app-header").evaluate("header => getComputedStyle(header).backgroundColor") != (
        "rgba(0, 0, 0, 0)"
    ), "the stylesheet did not load"
    pages.assert_no_problems()


def test_sign_in_page_offers_the_configured_sso_providers(world, pages_for):
    # A provider is installed only when its client id is set before Django starts, so run this with
    # SSO_MICROSOFT_CLIENT_ID, SSO_MICROSOFT_SECRET, SSO_GOOGLE_CLIENT_ID and SSO_GOOGLE_SECRET set.
    providers = {"microsoft": "Microsoft", "google": "Google"}
    if not all(apps.is_installed(f"allauth.socialaccount.providers.{name}") for name in providers):
        pytest.skip("SSO providers are not configured (set SSO_MICROSOFT_CLIENT_ID etc.)")
    pages = pages_for("anonymous")
    pages.visit("sign in with sso", "/accounts/login/")
    for name in providers.values():
        assert pages.page.get_by_role("button", name=f"Sign in with {name}").is_visible()
    # allauth asks before it sends the browser to the provider (the machine has no internet: stop there).
    with pages.page.expect_navigation():
        pages.page.get_by_role("button", name="Sign in with Microsoft").click()
    pages.check("continue to microsoft")
    pages.assert_no_problems()


def test_account_pages_for_a_signed_in_person_pass(world, pages_for):
    pages = pages_for("account")
    nobody = UserFactory(email="nobody@oakfield.test", first_name="Nadia", last_name="Norole")
    pages.sign_in(nobody.email)
    assert pages.page.url.endswith(reverse("no-access"))
    pages.check("no access")
    assert pages.page.get_by_role("heading", level=1).inner_text() == "You do not have access to any school yet"
    pages.visit("security", "/accounts/2fa/")
    pages.visit("sessions", "/accounts/sessions/")
    pages.visit("page not found", "/pupils/00000000-0000-0000-0000-000000000000/")
    pages.visit("sign out", "/accounts/logout/")
    pages.page.locator("main").get_by_role("button", name="Sign out").click()
    pages.page.wait_for_url("**/accounts/login/**")
    pages.assert_no_problems()


def test_setting_up_an_authenticator_app_works_in_a_browser(world, pages_for, settings):
    settings.OPENSEND_REQUIRE_MFA = True
    pages = pages_for("mfa")
    pages.sign_in(world["sendco"].email)
    # MFA is required, so signing in leads to setting it up, which allauth guards with the password again.
    assert "/accounts/reauthenticate/" in pages.page.url
    pages.check("confirm it is you")
    pages.page.get_by_label("Password", exact=True).fill(PASSWORD)
    status = pages.submit("Continue")
    assert "/accounts/2fa/totp/activate/" in pages.page.url
    pages.check("set up authenticator app", status)
    assert pages.page.locator("img[src^='data:image/svg+xml']").is_visible()

    pages.page.get_by_label("Authenticator code").fill("000000")
    pages.check("set up authenticator app with errors", pages.submit("Set up authenticator app"))

    # The secret shown as text, for people who cannot scan the QR code, is enough to set up the app.
    secret = pages.page.locator("#authenticator-secret").inner_text().strip()
    pages.page.get_by_label("Authenticator code").fill(current_code(secret))
    status = pages.submit("Set up authenticator app")
    assert "/accounts/2fa/recovery-codes/" in pages.page.url
    pages.check("recovery codes", status)
    pages.visit("security", "/accounts/2fa/")
    pages.visit("make new recovery codes", "/accounts/2fa/recovery-codes/generate/")
    pages.visit("turn off authenticator app", "/accounts/2fa/totp/deactivate/")
    pages.visit("security keys", "/accounts/2fa/webauthn/")
    pages.visit("add security key", "/accounts/2fa/webauthn/add/")
    pages.assert_no_problems()


def test_signing_in_with_an_authenticator_code_works_in_a_browser(world, pages_for, settings):
    settings.OPENSEND_REQUIRE_MFA = True
    secret = generate_totp_secret()
    TOTP.activate(world["sendco"], secret)
    pages = pages_for("mfa")
    pages.sign_in(world["sendco"].email)
    assert "/accounts/2fa/authenticate/" in pages.page.url
    pages.check("enter security code")

    pages.page.get_by_label("Code").fill("000000")
    pages.check("enter security code with errors", pages.submit("Continue"))

    pages.page.get_by_label("Code").fill(current_code(secret))
    status = pages.submit("Continue")
    assert "/accounts/" not in pages.page.url, f"still at {pages.page.url} after a correct code"
    assert status is not None and status < 500
    pages.assert_no_problems()


def test_signing_in_with_an_authenticator_code_works_without_javascript(world, pages_for, settings):
    settings.OPENSEND_REQUIRE_MFA = True
    secret = generate_totp_secret()
    TOTP.activate(world["teacher"], secret)
    pages = pages_for("no-javascript", javascript=False)
    pages.sign_in(world["teacher"].email)
    # axe-core cannot run where scripts are off; the pages themselves are checked with them on above.
    assert "/accounts/2fa/authenticate/" in pages.page.url
    pages.page.get_by_label("Code").fill(current_code(secret))
    pages.submit("Continue")
    assert "/accounts/" not in pages.page.url, f"still at {pages.page.url} after a correct code"
