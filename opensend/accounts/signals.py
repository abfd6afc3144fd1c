"""Authentication events go to the security log (ASVS 16.3.1): who, never the password; and the
session forgets that the account has a second factor when one is removed."""

from __future__ import annotations

import logging

from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .middleware import MFA_ENROLLED_SESSION_KEY
from .sessions import end_sessions

security_log = logging.getLogger("opensend.security")


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs) -> None:
    security_log.info("login succeeded user=%s", user.public_id)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        security_log.info("logout user=%s", user.public_id)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    security_log.warning("login failed")


@receiver(authenticator_removed)
def _authenticator_removed(sender, request, user, authenticator, **kwargs) -> None:
    # The next page checks again whether a second factor is left.
    if request is not None:
        request.session.pop(MFA_ENROLLED_SESSION_KEY, None)


@receiver(authenticator_added)
@receiver(authenticator_removed)
@receiver(authenticator_reset)
def _factors_changed(sender, request, user, **kwargs) -> None:
    # Whoever may have held the old factor is signed out everywhere else (ASVS 7.4.3).
    keep = request.session.session_key if request is not None else None
    ended = end_sessions(user, keep=keep)
    security_log.info("sign-in factors changed user=%s other_sessions_ended=%d", user.public_id, ended)
