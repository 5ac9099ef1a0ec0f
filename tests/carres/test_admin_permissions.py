"""Every ModelAdmin and inline of the admin site, asked by each kind of person.

Staff hold no Django model permissions, so each admin answers by role (with the mixins of
carres.admin_permissions, or its own scoped rules). These tests walk the whole registry,
so a new admin is checked the day it is registered:

- an entrepreneur gets nothing anywhere;
- examiners and advisors may add, change or delete only in their own workflows, listed in
  STAFF_WRITES; reference data (legal forms, Nice classes, regions, tariffs...) never;
- an inactive administrator (or superuser) gets nothing anywhere, inlines included.
"""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib import admin
from django.test import RequestFactory

from accounts.enums import Office, Role
from accounts.models import User
from carres.admin_permissions import (
    AdministratorsChange,
    AdministratorsOnly,
    ReadOnlyForAdministrators,
    is_active_administrator,
)
from tests.factories.chambers import chamber, make_advisor

pytestmark = pytest.mark.django_db

WRITES = ("add", "change", "delete")
EVERYTHING = ("module", "view", *WRITES)

# Who, other than an administrator, may write something in the admin (asked with no object:
# "may I ever?"). Anything not here is refused to examiners and advisors.
STAFF_WRITES = {
    "examiner": {
        # the examiner records RC, ICE and IF on a company being created
        ("companies.RegisteredCompany", "change"),
    },
    "inpi_examiner": {("companies.RegisteredCompany", "change")},
    "advisor": {
        # advisors schedule and run their own chamber's sessions
        ("trainings.TrainingSession", "add"),
        ("trainings.TrainingSession", "change"),
    },
    "manager": {
        ("trainings.TrainingSession", "add"),
        ("trainings.TrainingSession", "change"),
        # a chamber manager adds and manages the chamber's advisors
        ("chambers.Advisor", "add"),
        ("chambers.Advisor", "change"),
    },
}


def registered():
    """(label, ModelAdmin) for every model of the admin site, in a stable order."""
    return sorted(
        ((model._meta.label, model_admin) for model, model_admin in admin.site._registry.items()),
        key=lambda pair: pair[0],
    )


def inlines():
    """(label, inline instance) for every inline of every registered ModelAdmin."""
    return [
        (f"{label}/{inline_class.__name__}", inline_class(model_admin.model, admin.site))
        for label, model_admin in registered()
        for inline_class in model_admin.inlines
    ]


def request_as(user):
    request = RequestFactory().get("/fr/admin/")
    request.user = user
    return request


def permissions(admin_object, request, *, wanted=EVERYTHING):
    """{permission: answer} of a ModelAdmin or an inline, asked with no object."""
    answers = {}
    for name in wanted:
        if name == "module":
            if isinstance(admin_object, admin.options.InlineModelAdmin):
                continue  # inlines have no module of their own
            answers[name] = admin_object.has_module_permission(request)
        elif name == "add" and isinstance(admin_object, admin.options.InlineModelAdmin):
            answers[name] = admin_object.has_add_permission(request, None)
        else:
            answers[name] = getattr(admin_object, f"has_{name}_permission")(request)
    return answers


def granted(user, *, wanted=EVERYTHING):
    """Every (label, permission) that `user` is granted, ModelAdmins and inlines alike."""
    request = request_as(user)
    return {
        (label, name)
        for label, admin_object in [*registered(), *inlines()]
        for name, answer in permissions(admin_object, request, wanted=wanted).items()
        if answer
    }


@pytest.fixture
def people(make_user):
    home = chamber()
    return {
        "entrepreneur": make_user("salma@example.ma"),
        "examiner": make_user("examiner@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC),
        "inpi_examiner": make_user("examiner@inpi.ma", role=Role.EXAMINER, office=Office.INPI),
        "advisor": make_advisor("advisor@ccis.ma", home),
        "manager": make_advisor("manager@ccis.ma", home, is_manager=True),
        "administrator": make_user("admin@carres.ma", role=Role.ADMINISTRATOR),
        "inactive_administrator": make_user(
            "former-admin@carres.ma", role=Role.ADMINISTRATOR, is_active=False
        ),
        "inactive_superuser": make_user(
            "former-root@carres.ma", role=Role.ADMINISTRATOR, is_superuser=True, is_active=False
        ),
    }


def test_registry_is_walked():
    labels = [label for label, _ in registered()]
    inline_labels = [label for label, _ in inlines()]
    # a positive control: the walk reaches reference data, dossiers and their inlines
    assert {"companies.LegalForm", "ip_filings.NiceClass", "chambers.Region"} <= set(labels)
    assert "companies.LegalForm/RequiredDocumentInline" in inline_labels
    assert "accounts.User/ConsentRecordInline" in inline_labels


def test_entrepreneur_is_granted_nothing_anywhere(people):
    assert granted(people["entrepreneur"]) == set()


@pytest.mark.parametrize("who", ["examiner", "inpi_examiner", "advisor", "manager"])
def test_staff_write_only_in_their_own_workflows(people, who):
    assert granted(people[who], wanted=WRITES) == STAFF_WRITES[who]


@pytest.mark.parametrize("who", ["examiner", "advisor", "manager"])
def test_staff_cannot_even_see_administrators_only_data(people, who):
    request = request_as(people[who])
    seen = {
        label
        for label, model_admin in registered()
        if isinstance(model_admin, AdministratorsOnly)
        and (model_admin.has_module_permission(request) or model_admin.has_view_permission(request))
    }
    # Advisors pick a session's venue and town from their chamber's lists (the admin's
    # autocomplete, chambers.admin.ChamberScopedLookup): those two they may view, read
    # only and out of their sidebar; nothing else.
    lookups = {"chambers.City", "chambers.Venue"} if who in ("advisor", "manager") else set()
    assert seen == lookups
    for label, model_admin in registered():
        if label in lookups:
            assert not model_admin.has_module_permission(request)
            assert not model_admin.has_change_permission(request)


@pytest.mark.parametrize("who", ["inactive_administrator", "inactive_superuser"])
def test_inactive_administrator_is_granted_nothing_anywhere(people, who):
    user = people[who]
    request = request_as(user)

    assert granted(user) - {(label, n) for label, _ in inlines() for n in EVERYTHING} == set()
    # An inline is only ever reached through its ModelAdmin, which offers none.
    offered = {
        label: model_admin.get_inline_instances(request)
        for label, model_admin in registered()
        if model_admin.inlines
    }
    assert offered == {label: [] for label in offered}


@pytest.mark.parametrize("who", ["inactive_administrator", "inactive_superuser"])
def test_inactive_administrator_is_refused_by_every_administrators_only_inline(people, who):
    request = request_as(people[who])
    answers = {
        label: permissions(inline, request)
        for label, inline in inlines()
        if isinstance(inline, AdministratorsChange | ReadOnlyForAdministrators)
    }

    assert answers  # RequiredDocumentInline, NiceTermInline, ConsentRecordInline...
    assert {label for label, answer in answers.items() if any(answer.values())} == set()


def test_active_administrator_manages_reference_data(people):
    """Positive control: the same walk grants an active administrator everything on reference
    data, and reading only on logs."""
    request = request_as(people["administrator"])
    answers = {
        label: permissions(admin_object, request)
        for label, admin_object in [*registered(), *inlines()]
        if isinstance(admin_object, AdministratorsOnly)
    }

    read_only = {
        label
        for label, admin_object in [*registered(), *inlines()]
        if isinstance(admin_object, ReadOnlyForAdministrators)
    }
    assert read_only == {"accounts.IdentityDocumentDownload", "accounts.User/ConsentRecordInline"}
    for label, answer in answers.items():
        if label in read_only:
            assert answer == {**answer, "view": True, "add": False, "change": False}, label
        else:
            assert set(answer.values()) == {True}, label


@pytest.mark.parametrize(
    ("role", "is_active", "is_superuser", "expected"),
    [
        (Role.ADMINISTRATOR, True, False, True),
        (Role.ENTREPRENEUR, True, True, True),  # a superuser counts as an administrator
        (Role.ADMINISTRATOR, False, False, False),
        (Role.ADMINISTRATOR, False, True, False),
        (Role.EXAMINER, True, False, False),
        (Role.ADVISOR, True, False, False),
    ],
)
def test_is_active_administrator(role, is_active, is_superuser, expected):
    user = User(role=role, is_active=is_active, is_superuser=is_superuser)

    assert is_active_administrator(user) is expected


def test_administrator_deactivated_mid_session_is_sent_to_login(client, people):
    user = people["administrator"]
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    assert client.get("/fr/admin/companies/legalform/").status_code == 200

    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get("/fr/admin/companies/legalform/")

    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/fr/admin/login/")
