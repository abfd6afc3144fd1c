"""Accounts are created by the school (or the MIS import), never by sign-up."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpResponseForbidden

# Google's "One Tap" posts an ID token from the browser, where it could be replayed; OpenSEND signs
# in only through the code flow, whose ID token comes straight from Google (ASVS 10.5.1).
BROWSER_ID_TOKEN_PATHS = ("/google/login/token/",)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        if request.path.endswith(BROWSER_ID_TOKEN_PATHS):
            raise ImmediateHttpResponse(HttpResponseForbidden("Sign in with the button on the sign-in page."))
        super().pre_social_login(request, sociallogin)
