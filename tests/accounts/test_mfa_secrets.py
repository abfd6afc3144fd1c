"""Authenticator-app seeds and recovery-code seeds are stored encrypted (ASVS 6.5.2)."""

from __future__ import annotations

from io import StringIO

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import call_command

from opensend.accounts.adapters import MFAAdapter


def test_a_totp_seed_is_stored_encrypted_and_still_checks_codes(cast):
    user = cast["sendco"]
    Authenticator.objects.filter(user=user).delete()
    secret = generate_totp_secret()
    totp = TOTP.activate(user, secret)
    stored = Authenticator.objects.get(pk=totp.instance.pk).data["secret"]
    assert secret not in stored and stored.startswith("fernet:")
    assert MFAAdapter().decrypt(stored) == secret


def test_recovery_codes_are_derived_from_an_encrypted_seed(cast):
    user = cast["teacher"]
    codes = RecoveryCodes.activate(user)
    stored = Authenticator.objects.get(pk=codes.instance.pk).data["seed"]
    assert stored.startswith("fernet:")
    assert len(codes.generate_codes()) == 10


def test_a_seed_stored_before_encryption_is_still_read(settings):
    assert MFAAdapter().decrypt("JBSWY3DPEHPK3PXP") == "JBSWY3DPEHPK3PXP"


def test_a_seed_stays_readable_while_the_old_secret_key_is_a_fallback(settings):
    stored = MFAAdapter().encrypt("JBSWY3DPEHPK3PXP")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    assert MFAAdapter().decrypt(stored) == "JBSWY3DPEHPK3PXP"


def test_after_a_key_rotation_reencrypting_lets_the_old_key_go(cast, settings):
    user = cast["sendco"]
    Authenticator.objects.filter(user=user).delete()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "y" * 40
    call_command("reencrypt_mfa", stdout=StringIO())
    settings.SECRET_KEY_FALLBACKS = []
    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]
    assert MFAAdapter().decrypt(stored) == secret
