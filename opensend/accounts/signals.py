"""Authentication events go to the security log (ASVS 16.3.1): who, never the password."""

from __future__ import annotations

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

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
