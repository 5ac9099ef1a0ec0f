"""Hostile input on every form and search: never a 500; a form answers with its errors.

Values are arbitrary Unicode (every script, emoji, combining marks, NUL and other control
characters, 10 kB strings, empty), and — as raw bytes, since a browser can send what no
Python string holds — invalid UTF-8 and lone surrogates encoded the way CESU/WTF-8 clients do.
Each wizard or form page is fetched first and every field of its POST form is filled from the
strategy, so a field added later is attacked without touching this file.

The number of examples, and whether they are drawn at random, comes from the hypothesis profile
(tests/hypothesis_profiles.py): `make test` runs the same examples every time, plus each input
that ever broke something, pinned with `@example`.
"""

from urllib.parse import quote_from_bytes

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from tests.security.hostile import (
    SAMPLES,
    assert_handled,
    form_fields,
    hostile_bytes,
    hostile_text,
    post_hostile,
)

pytestmark = pytest.mark.django_db
# --- public searches and filters (GET) --------------------------------------------------------
PUBLIC_SEARCHES = {
    "ip_filings:prior_mark_search": ("mark", "classes"),
    "ip_filings:class_picker": ("q", "description"),
    "ip_filings:fee_estimate": ("classes", "applicant_kind"),
    "ip_filings:trademark_fee": ("classes", "applicant_kind"),
    "trainings:catalogue": (
        "region",
        "city",
        "theme",
        "audience",
        "language",
        "date_from",
        "date_to",
        "page",
    ),
    "chambers:directory": ("region", "topic", "q", "page"),
    "diagnostic:start": ("answered", "q1", "q2", "topic"),
}


SEARCH_PARAMETERS = sorted({param for params in PUBLIC_SEARCHES.values() for param in params})


def search_query(**values):
    """A query naming every search parameter: the given values, the others empty."""
    return {param: values.get(param, "") for param in SEARCH_PARAMETERS}


@pytest.mark.parametrize("name", sorted(PUBLIC_SEARCHES))
@given(query=st.fixed_dictionaries(dict.fromkeys(SEARCH_PARAMETERS, hostile_text)))
# Found by this test: '²'.isdigit() is true and int('²') raised, a 500 on the fee endpoints.
@example(query=search_query(classes="²"))
@example(query=search_query(classes="25, ³0", mark="Atlas"))
@example(query=search_query(classes="9" * 5_000))  # int() of 5,000 digits raises too
def test_public_search_survives_hostile_parameters(client, name, query):
    params = {param: query[param] for param in PUBLIC_SEARCHES[name]}
    assert_handled(client.get(reverse(name), params))


@pytest.mark.parametrize("name", sorted(PUBLIC_SEARCHES))
def test_public_search_answers_nul_parameters_with_the_400_page(client, name):
    query = dict.fromkeys(PUBLIC_SEARCHES[name], "a\x00")
    response = client.get(reverse(name), query)
    assert (response.status_code, response.templates[0].name) == (400, "400.html")


@given(mark=hostile_text, classes=hostile_text)
@example(mark="a\x00b", classes="25")
def test_prior_mark_search_partial_survives_hostile_parameters(client, mark, classes):
    response = client.get(
        reverse("ip_filings:prior_mark_search"),
        {"mark": mark, "classes": classes},
        headers={"hx-request": "true"},
    )
    assert_handled(response, allowed=(200,))


@pytest.mark.parametrize("name", sorted(PUBLIC_SEARCHES))
@given(raw=hostile_bytes)
def test_public_search_survives_invalid_utf8(client, name, raw):
    encoded = quote_from_bytes(raw, safe="")
    query = "&".join(f"{param}={encoded}" for param in PUBLIC_SEARCHES[name])
    response = client.get(f"{reverse(name)}?{query}")
    assert_handled(response)


@given(reference=hostile_text, code=hostile_text)
@example(reference="CO-2026-000001", code="\x00")  # found by this test: a 500 until fixed
@example(reference="CO-\x00", code="abc")
def test_public_verification_pages_survive_hostile_paths(client, reference, code):
    for path in (
        f"/fr/verify/{quote_from_bytes(reference.encode(), safe='')}/"
        f"{quote_from_bytes(code.encode(), safe='')}/",
        f"/fr/trainings/certificates/{quote_from_bytes(code.encode(), safe='')}/",
    ):
        cache.clear()
        assert_handled(client.get(path), allowed=(404, 429))


# --- the entrepreneur's forms (POST) ----------------------------------------------------------
@pytest.fixture
def signed_in(client, entrepreneur):
    client.force_login(entrepreneur)
    return client


@pytest.fixture
def company_draft(entrepreneur):
    from tests.factories.companies import make_company_dossier

    return make_company_dossier(entrepreneur, documents=False)


@pytest.fixture
def trademark_draft(entrepreneur):
    from tests.factories.ip_filings import make_filing

    return make_filing(entrepreneur)


@pytest.fixture
def patent_draft(entrepreneur):
    from tests.factories.patents import make_patent_filing

    return make_patent_filing(entrepreneur)


COMPANY_STEPS = ["names", "activity", "associates", "managers", "head_office"]
TRADEMARK_STEPS = ["mark", "classes", "applicant", "priority"]
PATENT_STEPS = [
    "request",
    "abstract",
    "description",
    "claims",
    "inventors",
    "applicants",
    "priority",
]


@pytest.mark.parametrize("step", COMPANY_STEPS)
@given(data=st.data())
def test_company_wizard_step_survives_hostile_input(signed_in, company_draft, step, data):
    url = reverse("companies:step", kwargs={"pk": company_draft.pk, "step": step})
    response = post_hostile(signed_in, url, form_fields(signed_in, url), data)
    assert_handled(response, allowed=(200, 302))


@given(data=st.data())
def test_company_creation_survives_hostile_input(signed_in, data):
    url = reverse("companies:create")
    assert_handled(post_hostile(signed_in, url, form_fields(signed_in, url), data), (200, 302))


@given(field=st.sampled_from(["name_1", "name_2", "name_3", "name_4", ""]), name=hostile_text)
@example(field="name_1", name="Atlas\x00")
def test_name_availability_check_survives_hostile_names(signed_in, company_draft, field, name):
    url = reverse("companies:check_name", kwargs={"pk": company_draft.pk})
    response = signed_in.get(url, {"field": field, field or "x": name})
    assert_handled(response, allowed=(200, 404))


@pytest.mark.parametrize("step", TRADEMARK_STEPS)
@given(data=st.data())
def test_trademark_wizard_step_survives_hostile_input(signed_in, trademark_draft, step, data):
    url = reverse("ip_filings:trademark_step", kwargs={"pk": trademark_draft.pk, "step": step})
    response = post_hostile(signed_in, url, form_fields(signed_in, url), data)
    assert_handled(response, allowed=(200, 302))


@given(q=hostile_text, description=hostile_text)
@example(q="chemise\x00", description="\x00")
def test_nice_term_picker_in_the_wizard_survives_hostile_queries(
    signed_in, trademark_draft, q, description
):
    url = reverse("ip_filings:trademark_step", kwargs={"pk": trademark_draft.pk, "step": "classes"})
    assert_handled(signed_in.get(url, {"q": q, "description": description}), allowed=(200,))


@given(data=st.data())
def test_trademark_creation_survives_hostile_input(signed_in, data):
    url = reverse("ip_filings:trademark_create")
    assert_handled(post_hostile(signed_in, url, form_fields(signed_in, url), data), (200, 302))


@pytest.mark.parametrize("step", PATENT_STEPS)
@given(data=st.data())
def test_patent_wizard_step_survives_hostile_input(signed_in, patent_draft, step, data):
    url = reverse("patents:patent_step", kwargs={"pk": patent_draft.pk, "slug": step})
    response = post_hostile(signed_in, url, form_fields(signed_in, url), data)
    assert_handled(response, allowed=(200, 302, 400))


@given(data=st.data())
def test_patent_creation_survives_hostile_input(signed_in, data):
    url = reverse("patents:patent_create")
    response = post_hostile(signed_in, url, form_fields(signed_in, url), data)
    assert_handled(response, allowed=(200, 302, 400))


OTHER_FORMS = [
    "profile",
    "chambers:request_create",
    "ip_filings:trademark_watches",
]


@pytest.mark.parametrize("name", OTHER_FORMS)
@given(data=st.data())
def test_signed_in_form_survives_hostile_input(signed_in, name, data):
    url = reverse(name)
    assert_handled(post_hostile(signed_in, url, form_fields(signed_in, url), data), (200, 302))


@given(body=hostile_text)
@example(body="\x00")
@example(body="")
def test_dossier_message_survives_hostile_bodies(signed_in, company_draft, body):
    url = reverse("companies:message", kwargs={"pk": company_draft.pk})
    # sent (302), or refused and shown again with its text and the error at its field (400)
    assert_handled(signed_in.post(url, {"body": body}), allowed=(302, 400))


@given(data=st.data())
def test_profile_refuses_nul_characters_and_keeps_the_name(signed_in, entrepreneur, data):
    name = data.draw(hostile_text.map(lambda text: text[:100] + "\x00"))
    response = signed_in.post(
        reverse("profile"),
        {"first_name": name, "last_name": "B", "phone": "", "preferred_language": "fr"},
    )
    assert_handled(response, allowed=())
    entrepreneur.refresh_from_db()
    assert entrepreneur.first_name == "Salma"


# --- sign-up, login, password reset (anonymous) -----------------------------------------------
ACCOUNT_FORMS = ["account_signup", "account_login", "account_reset_password"]


@pytest.mark.parametrize("name", ACCOUNT_FORMS)
@given(data=st.data())
def test_account_form_survives_hostile_input(client, name, data):
    url = reverse(name)
    assert_handled(post_hostile(client, url, form_fields(client, url), data), (200, 302))


@pytest.mark.parametrize(
    "name", ["account_signup", "account_login", "account_reset_password", "profile"]
)
@given(raw=hostile_bytes)
def test_form_survives_invalid_utf8_bodies(client, entrepreneur, name, raw):
    if name == "profile":
        client.force_login(entrepreneur)
    url = reverse(name)
    fields = form_fields(client, url)
    body = "&".join(f"{field}={quote_from_bytes(raw, safe='')}" for field in fields)
    cache.clear()
    response = client.post(url, body, content_type="application/x-www-form-urlencoded")
    assert_handled(response, allowed=(200, 302))


def test_hostile_samples_include_the_cases_the_brief_names():
    assert "" in SAMPLES
    assert any("\x00" in sample for sample in SAMPLES)
    assert any(len(sample.encode()) >= 10_000 for sample in SAMPLES)
    assert any(ord(char) > 0xFFFF for sample in SAMPLES for char in sample)  # emoji


# --- what the properties found, pinned ---------------------------------------------------------
def test_head_office_step_with_a_region_that_is_no_id_shows_the_error(signed_in, company_draft):
    url = reverse("companies:step", kwargs={"pk": company_draft.pk, "step": "head_office"})
    response = signed_in.post(url, {"head_office_region": "ü", "head_office_address": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["head_office_region"] == [
        "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."
    ]


def test_patent_creation_ignores_an_unprintable_programme(signed_in, entrepreneur):
    from ip_filings.models import PatentFiling
    from tests.factories.patents import invention_kind

    response = signed_in.post(
        reverse("patents:patent_create"),
        {
            "kind": invention_kind().pk,
            "invention_title": "Capteur",
            "technical_field": "Irrigation",
            "programme": "start\x1bup",
        },
    )
    assert response.status_code == 302
    assert PatentFiling.objects.get(owner=entrepreneur).programme == ""


def test_prior_mark_search_partial_shows_the_form_errors(client):
    response = client.get(
        reverse("ip_filings:prior_mark_search"),
        {"mark": "x" * 201, "classes": "99"},
        headers={"hx-request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Une marque tient en 200 caractères au plus." in html
    assert "La classe 99 n&#x27;existe pas : les classes vont de 1 à 45." in html
