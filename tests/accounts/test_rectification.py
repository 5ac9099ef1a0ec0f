"""Rectification: the profile corrects name, phone and language; a new e-mail address only
counts once the link sent to it is followed."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

pytestmark = pytest.mark.django_db


def test_profile_corrects_name_phone_and_language(client, entrepreneur):
    client.force_login(entrepreneur)
    response = client.post(
        "/fr/accounts/profile/",
        {
            "first_name": "Salma",
            "last_name": "Bennani-Idrissi",
            "phone": "+212 6 00 00 00 01",
            "preferred_language": "ar",
        },
    )
    assert response.status_code == 302
    entrepreneur.refresh_from_db()
    assert (entrepreneur.last_name, entrepreneur.phone, entrepreneur.preferred_language) == (
        "Bennani-Idrissi",
        "+212 6 00 00 00 01",
        "ar",
    )


def test_profile_cannot_change_the_email_directly(client, entrepreneur):
    client.force_login(entrepreneur)
    client.post(
        "/fr/accounts/profile/",
        {
            "first_name": "S",
            "last_name": "B",
            "phone": "",
            "preferred_language": "fr",
            "email": "pirate@example.ma",
        },
    )
    entrepreneur.refresh_from_db()
    assert entrepreneur.email == "salma@example.ma"


def test_new_email_counts_only_after_verification(client, entrepreneur):
    client.force_login(entrepreneur)
    client.post("/fr/accounts/email/", {"action_add": "", "email": "salma.new@example.ma"})
    assert [message.to for message in mail.outbox] == [["salma.new@example.ma"]]

    # Not verified yet: it cannot become the address the portal uses.
    client.post("/fr/accounts/email/", {"action_primary": "", "email": "salma.new@example.ma"})
    entrepreneur.refresh_from_db()
    assert entrepreneur.email == "salma@example.ma"

    link = re.search(r"https?://[^/]+(/fr/accounts/confirm-email/\S+)", mail.outbox[0].body)[1]
    client.post(link)
    client.post("/fr/accounts/email/", {"action_primary": "", "email": "salma.new@example.ma"})
    entrepreneur.refresh_from_db()
    assert entrepreneur.email == "salma.new@example.ma"
    assert EmailAddress.objects.get(email="salma.new@example.ma").primary is True
