"""Sign-up records the notice's acceptance; the optional consent is separate, unticked,
withdrawable from the profile, and every change is logged."""

from html import unescape

import pytest

from accounts.models import ConsentRecord, User
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def signup(client, **data):
    payload = {"email": "nouvelle@example.ma", "password1": PASSWORD, "password2": PASSWORD}
    payload.update(data)
    return client.post("/fr/accounts/signup/", payload)


def records(user):
    return list(
        ConsentRecord.objects.filter(user=user)
        .order_by("id")
        .values_list("purpose", "granted", "notice_version", "source")
    )


def test_signup_without_accepting_the_notice_is_refused(client):
    response = signup(client)
    assert response.status_code == 200
    assert "Pour créer un compte, lisez et acceptez la notice d'information." in unescape(
        response.content.decode()
    )
    assert not User.objects.filter(email="nouvelle@example.ma").exists()


def test_signup_records_notice_version_and_time(client, settings):
    settings.PRIVACY_NOTICE_VERSION = "2026.3"
    response = signup(client, accept_notice="on")
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@example.ma")
    assert user.notice_version == "2026.3"
    assert user.notice_accepted_at is not None
    assert user.optional_emails is False
    assert records(user) == [("privacy_notice", True, "2026.3", "signup")]


def test_signup_optional_consent_is_separate_and_unticked(client):
    html = client.get("/fr/accounts/signup/").content.decode()
    assert '<input type="checkbox" name="optional_emails" id="id_optional_emails">' in html
    assert (
        '<input type="checkbox" name="accept_notice" required '
        'aria-describedby="id_accept_notice_helptext" id="id_accept_notice">'
    ) in html

    signup(client, accept_notice="on", optional_emails="on")
    user = User.objects.get(email="nouvelle@example.ma")
    assert user.optional_emails is True
    assert [r[:2] for r in records(user)] == [
        ("privacy_notice", True),
        ("optional_emails", True),
    ]


def test_profile_withdraws_and_gives_back_the_optional_consent_logging_each_change(
    client, entrepreneur
):
    client.force_login(entrepreneur)
    client.post("/fr/accounts/profile/consents/", {"optional_emails": "on"})
    client.post("/fr/accounts/profile/consents/", {"optional_emails": "on"})  # no change
    response = client.post("/fr/accounts/profile/consents/", {}, follow=True)

    entrepreneur.refresh_from_db()
    assert entrepreneur.optional_emails is False
    assert [r[:2] for r in records(entrepreneur)] == [
        ("optional_emails", True),
        ("optional_emails", False),
    ]
    assert [str(m) for m in response.context["messages"]] == [
        "Votre consentement a été enregistré.",
        "Votre consentement a été retiré.",
    ]


def test_profile_asks_to_accept_a_new_notice_version(client, entrepreneur, settings):
    settings.PRIVACY_NOTICE_VERSION = "2027.1"
    client.force_login(entrepreneur)
    html = client.get("/fr/accounts/profile/").content.decode()
    assert "a changé (version 2027.1)" in html

    client.post("/fr/accounts/profile/notice/")
    entrepreneur.refresh_from_db()
    assert entrepreneur.notice_version == "2027.1"
    assert records(entrepreneur) == [("privacy_notice", True, "2027.1", "profile")]
    assert "Vous avez accepté la" in client.get("/fr/accounts/profile/").content.decode()


def test_consent_endpoints_need_a_signed_in_user_and_a_post(client, entrepreneur):
    response = client.post("/fr/accounts/profile/consents/", {"optional_emails": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/login/")
    client.force_login(entrepreneur)
    assert client.get("/fr/accounts/profile/consents/").status_code == 405
    assert client.get("/fr/accounts/profile/notice/").status_code == 405


def test_users_accepting_optional_emails_leaves_out_withdrawn_and_inactive(make_user):
    from accounts.enums import ConsentSource
    from accounts.services import set_optional_emails, users_accepting_optional_emails

    yes = make_user("yes@example.ma")
    withdrawn = make_user("withdrawn@example.ma")
    inactive = make_user("inactive@example.ma", is_active=False)
    for user in (yes, withdrawn, inactive):
        set_optional_emails(user, granted=True, source=ConsentSource.PROFILE)
    set_optional_emails(withdrawn, granted=False, source=ConsentSource.PROFILE)
    assert list(users_accepting_optional_emails()) == [yes]
