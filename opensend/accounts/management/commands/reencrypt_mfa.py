"""Encrypt every stored MFA seed under the current SECRET_KEY: run after a key rotation, before the
old key leaves SECRET_KEY_FALLBACKS (docs/security/asvs.md)."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand
from django.db import transaction

from opensend.accounts.adapters import MFAAdapter

SEED_FIELDS = ("secret", "seed")


class Command(BaseCommand):
    help = "Re-encrypt every authenticator-app and recovery-code seed under the current SECRET_KEY."

    def handle(self, *args, **options) -> None:
        adapter = MFAAdapter()
        count = 0
        with transaction.atomic():
            for authenticator in Authenticator.objects.select_for_update():
                fields = [name for name in SEED_FIELDS if isinstance(authenticator.data.get(name), str)]
                for name in fields:
                    authenticator.data[name] = adapter.encrypt(adapter.decrypt(authenticator.data[name]))
                if fields:
                    authenticator.save(update_fields=["data"])
                    count += 1
        self.stdout.write(f"Re-encrypted {count} authenticator(s).")
