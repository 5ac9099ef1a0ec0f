"""Two-factor secrets are encrypted at rest (accounts.adapter.MFAAdapter), yet still sign in."""

import importlib
import io
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, hotp_value
from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from accounts.adapter import development_mfa_key
from accounts.enums import Office, Role
from carres.checks import check_mfa_encryption_key, check_mfa_encryption_key_format
from carres.testservers import LOCAL_PRODUCTION_ENV
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPCARRESTEST234567"  # nosec B105  # a test's TOTP secret
SUITE_KEY = LOCAL_PRODUCTION_ENV["MFA_ENCRYPTION_KEY"]
migration = importlib.import_module("accounts.migrations.0004_encrypt_mfa_secrets")


def stored_rows():
    """The authenticators' data as the database holds it, read around the ORM."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, data::text FROM mfa_authenticator ORDER BY id")
        return cursor.fetchall()


def current_code(secret=SECRET):
    return f"{hotp_value(secret, int(time.time()) // 30):06d}"


def sign_in_with_code(client, user, code):
    response = client.post("/fr/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/fr/accounts/2fa/authenticate/"
    return client.post("/fr/accounts/2fa/authenticate/", {"code": code})


@pytest.fixture
def staff(make_user):
    return make_user("nadia@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)


def test_the_database_holds_no_clear_totp_secret(staff):
    TOTP.activate(staff, SECRET)
    [(kind, data)] = stored_rows()
    assert kind == "totp"
    assert SECRET not in data
    assert Authenticator.objects.get().data["secret"].startswith("gAAAAA")


def test_an_encrypted_totp_secret_still_signs_staff_in(client, staff):
    TOTP.activate(staff, SECRET)
    response = sign_in_with_code(client, staff, current_code())
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_a_wrong_code_does_not_sign_in(client, staff):
    TOTP.activate(staff, SECRET)
    wrong = f"{(int(current_code()) + 1) % 1_000_000:06d}"
    assert sign_in_with_code(client, staff, wrong).status_code == 200
    assert "_auth_user_id" not in client.session


def test_recovery_codes_seed_is_encrypted_and_codes_still_work(client, staff):
    TOTP.activate(staff, SECRET)
    codes = RecoveryCodes.activate(staff).generate_codes()
    recovery = Authenticator.objects.get(type=Authenticator.Type.RECOVERY_CODES)
    seed = Fernet(SUITE_KEY).decrypt(recovery.data["seed"].encode()).decode()
    assert all(seed not in data and codes[0] not in data for _, data in stored_rows())
    response = sign_in_with_code(client, staff, codes[0])
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_the_suite_encrypts_with_the_configured_key(settings):
    assert settings.MFA_ENCRYPTION_KEYS == [SUITE_KEY]


def test_the_migration_encrypts_clear_secrets_and_back(staff, make_user):
    seed = "ab" * 40
    totp = Authenticator.objects.create(user=staff, type="totp", data={"secret": SECRET})
    recovery = Authenticator.objects.create(
        user=staff,
        type="recovery_codes",
        data={"seed": seed, "used_mask": 0, "migrated_codes": ["12345678"]},
    )
    migration.encrypt_clear_secrets(apps, None)
    migration.encrypt_clear_secrets(apps, None)  # a second run leaves them as they are
    assert all(secret not in data for _, data in stored_rows() for secret in (SECRET, seed))
    totp.refresh_from_db()
    recovery.refresh_from_db()
    assert TOTP(totp).validate_code(current_code())
    assert RecoveryCodes(recovery).validate_code("12345678")

    migration.decrypt_secrets(apps, None)
    totp.refresh_from_db()
    recovery.refresh_from_db()
    assert totp.data == {"secret": SECRET}
    assert recovery.data == {"seed": seed, "used_mask": 0, "migrated_codes": []}


def test_rotating_the_key_keeps_every_secret(settings, staff):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.MFA_ENCRYPTION_KEYS = [old]
    TOTP.activate(staff, SECRET)
    settings.MFA_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_mfa_key", stdout=io.StringIO())
    settings.MFA_ENCRYPTION_KEYS = [new]
    assert TOTP(Authenticator.objects.get()).validate_code(current_code())


def test_development_derives_its_key_from_the_secret_key(settings, staff):
    settings.MFA_ENCRYPTION_KEYS = []
    TOTP.activate(staff, SECRET)
    encrypted = Authenticator.objects.get().data["secret"]
    assert Fernet(development_mfa_key()).decrypt(encrypted.encode()).decode() == SECRET
    settings.SECRET_KEY = "another-" + settings.SECRET_KEY  # another key: lost secrets
    with pytest.raises(InvalidToken):
        TOTP(Authenticator.objects.get()).validate_code(current_code())


def test_checks_want_a_key_of_its_own_and_a_valid_one(settings):
    settings.MFA_ENCRYPTION_KEYS = []
    assert [e.id for e in check_mfa_encryption_key(None)] == ["carres.E003"]
    settings.MFA_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), "not-a-key"]
    assert check_mfa_encryption_key(None) == []
    assert [e.id for e in check_mfa_encryption_key_format(None)] == ["carres.E004"]


def test_the_demo_staff_sign_in_with_the_code_totp_code_prints(client, settings):
    settings.DEBUG = True  # as `make run`: the demo loads only with DEBUG on
    call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("totp_code", stdout=out)
    examiner = apps.get_model("accounts", "User").objects.get(email="examiner.ompic@demo.ma")
    response = client.post(
        "/fr/accounts/login/", {"login": examiner.email, "password": "demo-Carres-2026"}
    )
    assert response["Location"] == "/fr/accounts/2fa/authenticate/"
    response = client.post("/fr/accounts/2fa/authenticate/", {"code": out.getvalue().strip()})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(examiner.pk)
    assert all("PCARRESDEMO" not in data for _, data in stored_rows())
