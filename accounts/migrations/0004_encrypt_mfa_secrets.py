"""Encrypt the TOTP secrets and recovery-code seeds stored in clear (accounts.adapter.MFAAdapter
encrypts every new one); backwards, store them in clear again."""

from django.db import migrations

from accounts.adapter import (
    FERNET_TOKEN_PREFIX,
    SECRET_FIELDS,
    decrypt_secret,
    encrypt_secret,
    transform_secrets,
)


def _transform(apps, function):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=SECRET_FIELDS).iterator():
        data = transform_secrets(authenticator.type, authenticator.data, function)
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def encrypt_clear_secrets(apps, schema_editor):
    _transform(apps, encrypt_secret)


def decrypt_secrets(apps, schema_editor):
    _transform(
        apps,
        lambda value: decrypt_secret(value) if value.startswith(FERNET_TOKEN_PREFIX) else value,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_personal_data_export"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_clear_secrets, decrypt_secrets, elidable=False)]
