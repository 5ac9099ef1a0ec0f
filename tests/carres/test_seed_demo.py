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


def test_demo_data_is_found_per_app_each_after_what_it_needs():
    from carres.registry import demo_data

    assert [label for label, _seed in demo_data.items()] == [
        "chambers",
        "companies",
        "ip_filings",
        "trainings",
        "statistics",  # installed last: it computes the figures of the others' demo
    ]


def test_registry_puts_an_entry_after_the_apps_it_names_and_refuses_a_second_one():
    from carres.registry import Registry

    registry = Registry("test entries")
    registry.register("trainings", "t", after=["chambers"])
    registry.register("companies", "c", after=["chambers"])
    registry.register("chambers", "ch")
    registry.register("chambers", "ch")  # the same entry again (ready() run twice): harmless

    assert list(registry) == ["ch", "c", "t"]
    with pytest.raises(RuntimeError, match="chambers registers its test entries twice"):
        registry.register("chambers", "other")


def test_seed_demo_has_two_examiners_per_office(db, settings):
    """A colleague to ask for an opinion, in each office (issue 19)."""
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    for office in ("ompic", "inpi"):
        assert User.objects.filter(role="examiner", office=office, is_active=True).count() == 2
    # ...and one request for an opinion waiting for the OMPIC colleague's answer.
    from carres.models import OpinionRequest

    opinion = OpinionRequest.objects.get()
    assert (opinion.colleague.email, opinion.pending) == ("examiner2.ompic@demo.ma", True)
