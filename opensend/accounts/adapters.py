"""Accounts are created by the school (or the MIS import), never by sign-up."""

from __future__ import annotations

import base64
import hashlib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
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


# The seeds of authenticator apps and recovery codes are kept encrypted, so a copy of the database
# alone does not give anyone a second factor (ASVS 6.5.2). The key comes from SECRET_KEY; values
# stored before encryption began (no prefix) are read as they are.
ENCRYPTED = "fernet:"


def _fernet() -> MultiFernet:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([Fernet(_key_from(secret)) for secret in secrets])


def _key_from(secret: str) -> bytes:
    return base64.urlsafe_b64encode(hashlib.sha256(f"opensend.mfa:{secret}".encode()).digest())


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return ENCRYPTED + _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(ENCRYPTED):
            return encrypted_text
        return _fernet().decrypt(encrypted_text.removeprefix(ENCRYPTED).encode()).decode()
