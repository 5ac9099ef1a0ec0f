"""The demo (public passwords, a public TOTP secret, an administrator) never lands on a
production database by accident."""

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match=r"^DEBUG is off: this may be a production database"):
        call_command("seed_demo", stdout=io.StringIO())
    assert User.objects.count() == 0


def test_seed_demo_runs_with_debug_off_when_told_the_database_is_a_throwaway(settings):
    settings.DEBUG = False
    call_command("seed_demo", "--allow-production", stdout=io.StringIO())
    assert User.objects.get(email="admin@demo.ma").is_superuser
