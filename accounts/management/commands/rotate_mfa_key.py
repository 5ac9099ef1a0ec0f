"""Encrypt every stored two-factor secret again with the first of MFA_ENCRYPTION_KEY's keys."""

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.adapter import SECRET_FIELDS, rotate_secret, transform_secrets


class Command(BaseCommand):
    help = (
        "Re-encrypt the stored TOTP secrets and recovery-code seeds with the first key of "
        "MFA_ENCRYPTION_KEY (new,old): afterwards the old key can be dropped."
    )

    def handle(self, *args, **options):
        rotated = 0
        with transaction.atomic():
            # Locked: a code used meanwhile (recovery codes save their used mask) would
            # otherwise write back the row as it was before the rotation.
            authenticators = Authenticator.objects.select_for_update().filter(
                type__in=SECRET_FIELDS
            )
            for authenticator in authenticators:
                authenticator.data = transform_secrets(
                    authenticator.type, authenticator.data, rotate_secret
                )
                authenticator.save(update_fields=["data"])
                rotated += 1
        self.stdout.write(f"{rotated} authenticator(s) encrypted with the first key.")
