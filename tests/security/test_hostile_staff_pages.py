"""Hostile input on the staff pages: the back office's queue and buttons, the admin's changelists.

Never a 500, as for the entrepreneur's forms (tests/security/test_hostile_input.py says how).
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from tests.security.hostile import assert_handled, hostile_text

pytestmark = pytest.mark.django_db


# --- staff pages: the back office and the admin's changelists ----------------------------------
@pytest.fixture
def examiner_client(client, examiner):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(examiner, generate_totp_secret())
    client.force_login(examiner)
    return client


@pytest.fixture
def administrator_client(client, make_user):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from accounts.enums import Role

    administrator = make_user("admin@carres.ma", role=Role.ADMINISTRATOR, is_superuser=True)
    TOTP.activate(administrator, generate_totp_secret())
    client.force_login(administrator)
    return client


@pytest.fixture
def submitted_patent(entrepreneur):
    from carres.enums import DossierAction
    from carres.workflow import transition
    from tests.factories.patents import make_patent_filing

    filing = make_patent_filing(entrepreneur)
    transition(filing, DossierAction.SUBMIT, actor=entrepreneur)
    return filing


BACK_OFFICE_FILTERS = ("status", "kind", "assigned", "office", "format")


@given(query=st.fixed_dictionaries(dict.fromkeys(BACK_OFFICE_FILTERS, hostile_text)))
@example(query={**dict.fromkeys(BACK_OFFICE_FILTERS, ""), "status": "\x00"})  # a 500 until fixed
@example(query={**dict.fromkeys(BACK_OFFICE_FILTERS, ""), "office": "\x01", "format": "csv"})
def test_back_office_queue_survives_hostile_filters(examiner_client, query):
    assert_handled(examiner_client.get(reverse("backoffice:queue"), query), allowed=(200,))


STATISTICS_FILTERS = ("region", "since", "until", "kind", "topic", "format", "table")


@given(query=st.fixed_dictionaries(dict.fromkeys(STATISTICS_FILTERS, hostile_text)))
@example(query={**dict.fromkeys(STATISTICS_FILTERS, ""), "since": "2026-13", "format": "csv"})
def test_staff_statistics_survive_hostile_filters(administrator_client, query):
    assert_handled(
        administrator_client.get(reverse("backoffice:statistics"), query), allowed=(200, 404)
    )


BACK_OFFICE_BUTTONS = {
    "note": ("comment",),
    "message": ("body",),
    "decide": ("action", "comment", "lock_version"),
    "opinion": ("colleague", "comment"),
    "claim": (),
    "release": (),
}


@pytest.mark.parametrize("what", sorted(BACK_OFFICE_BUTTONS))
@given(values=st.lists(hostile_text, min_size=3, max_size=3))
@example(values=["\u202enimda", "\x1b[31m", "x" * 5_001])
@example(values=["request_changes", "\x00", "1"])
def test_back_office_buttons_survive_hostile_input(examiner_client, submitted_patent, what, values):
    url = reverse("backoffice:dossier_post", args=["PT", submitted_patent.pk, what])
    response = examiner_client.post(url, dict(zip(BACK_OFFICE_BUTTONS[what], values, strict=False)))
    assert_handled(response, allowed=(302,))


def admin_changelists():
    from django.contrib import admin

    return sorted(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    )


class QueryKeys(HTMLParser):
    """The query-string keys of a changelist's filter, sort and search links."""

    def __init__(self):
        super().__init__()
        self.keys = {"q", "o", "p", "e", "all"}

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("?"):
            self.keys.update(part.split("=")[0] for part in href[1:].split("&") if part)


def changelist_keys(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parser = QueryKeys()
    parser.feed(response.content.decode())
    return sorted(parser.keys)


@pytest.mark.parametrize("url", admin_changelists())
def test_admin_changelist_filters_refuse_nul_and_survive_control_characters(
    administrator_client, url
):
    keys = changelist_keys(administrator_client, url)
    for value in ("\x01\x1b[31m", "\u202e' OR 1=1 --", "2026-13-45", "-1", "٣"):
        response = administrator_client.get(url, dict.fromkeys(keys, value))
        assert_handled(response, allowed=(200, 302))
    for key in keys:
        assert_handled(administrator_client.get(url, {key: "\x00"}), allowed=())
        assert_handled(administrator_client.get(url, {key: "a\x00b"}), allowed=())


@given(url=st.sampled_from(admin_changelists()), data=st.data())
@example(url="/fr/admin/chambers/supportrequest/", data=None)
def test_admin_changelist_survives_hostile_filters(administrator_client, url, data):
    if data is None:  # the tester's report: a 500 until fixed
        query = {"status__exact": "\x00"}
    else:
        keys = changelist_keys(administrator_client, url)
        query = {key: data.draw(hostile_text, label=key) for key in keys}
    assert_handled(administrator_client.get(url, query), allowed=(200, 302))
