"""Diagnostic → the right dossiers, prefilled; the patent's office said before submitting."""

import io

import pytest

from companies.models import CompanyDossier
from ip_filings.models import TrademarkFiling
from ip_filings.seed.patent import seed_patents
from tests.factories.companies import ensure_legal_forms
from tests.factories.patents import make_patent_filing

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    seed_patents(io.StringIO())


def plan_of(client, language="fr", **answers):
    response = client.get(f"/{language}/diagnostic/", {"answered": "1", **answers})
    return {item["recommendation"].code: item for item in response.context["plan"]}, response


def test_trademark_action_links_to_a_prefilled_dossier(client, seeded):
    plan, _response = plan_of(
        client, brand="Zitoun Bio", project="Huile d'olive", profile="startup", sells=["brand"]
    )
    assert plan["trademark"]["start_url"] == (
        "/fr/trademarks/dossiers/new/?mark=Zitoun+Bio&applicant_kind=sme"
        "&description=Huile+d%27olive"
    )


def test_trade_name_action_links_to_a_company_dossier_with_the_name(client, seeded):
    plan, _response = plan_of(client, brand="Zitoun Bio", sells=["shop"])
    assert plan["trade-name"]["start_url"] == "/fr/companies/new/?name=Zitoun+Bio"


def test_trademark_link_opens_the_mark_step_prefilled(client, entrepreneur):
    client.force_login(entrepreneur)
    response = client.get(
        "/fr/trademarks/dossiers/new/",
        {"mark": "Zitoun Bio", "applicant_kind": "sme", "description": "Huile d'olive"},
    )
    form = response.context["form"]
    assert (form["mark_text"].value(), form["mark_type"].value()) == ("Zitoun Bio", "word")
    page = response.content.decode()
    assert '<input type="hidden" name="applicant_kind" value="sme">' in page
    assert '<input type="hidden" name="description" value="Huile d&#x27;olive">' in page


def test_saving_the_prefilled_mark_keeps_the_applicant_kind_and_suggests_classes(
    client, entrepreneur
):
    client.force_login(entrepreneur)
    response = client.post(
        "/fr/trademarks/dossiers/new/",
        {
            "mark_type": "word",
            "mark_text": "Zitoun Bio",
            "applicant_kind": "sme",
            "description": "Huile d'olive",
        },
    )
    filing = TrademarkFiling.objects.get(owner=entrepreneur)
    assert filing.applicant_kind == "sme"
    assert response["Location"] == (
        f"/fr/trademarks/dossiers/{filing.pk}/step/classes/?description=Huile+d%27olive"
    )


def test_unknown_applicant_kind_from_a_link_is_ignored(client, entrepreneur):
    client.force_login(entrepreneur)
    client.post(
        "/fr/trademarks/dossiers/new/",
        {"mark_type": "word", "mark_text": "Zitoun", "applicant_kind": "emperor"},
    )
    assert TrademarkFiling.objects.get(owner=entrepreneur).applicant_kind != "emperor"


def test_company_link_keeps_the_name_for_the_new_dossier(client, entrepreneur):
    ensure_legal_forms()
    client.force_login(entrepreneur)
    page = client.get("/fr/companies/new/", {"name": "Zitoun Bio"}).content.decode()
    assert '<input type="hidden" name="name_1" value="Zitoun Bio">' in page
    client.post("/fr/companies/new/", {"legal_form": "sarl", "name_1": "Zitoun Bio"})
    assert CompanyDossier.objects.get(owner=entrepreneur).name_1 == "Zitoun Bio"


@pytest.mark.parametrize(
    ("profile", "office", "words"),
    [
        ("startup", "inpi", ["l'INPI", "Start-up"]),
        ("university", "inpi", ["l'INPI", "Université ou centre de recherche"]),
        ("individual", "ompic", ["l'OMPIC", "qu'aucune règle particulière"]),
    ],
)
def test_patent_review_says_which_office_will_examine_it_and_why(
    client, entrepreneur, seeded, profile, office, words
):
    filing = make_patent_filing(entrepreneur, profile=profile)
    client.force_login(entrepreneur)
    response = client.get(f"/fr/patents/{filing.pk}/review/")
    routing = response.context["routing"]
    assert routing["office"] == office
    page = response.content.decode().replace("&#x27;", "'")
    assert f'data-office="{office}"' in page
    for word in words:
        assert word in page


def test_patent_review_routing_in_arabic(client, entrepreneur, seeded):
    filing = make_patent_filing(entrepreneur, profile="startup")
    client.force_login(entrepreneur)
    response = client.get(f"/ar/patents/{filing.pk}/review/")
    routing = response.context["routing"]
    assert routing["office"] == "inpi"
    assert "INPI" in routing["sentence"] and "Votre" not in routing["sentence"]
    assert "Pourquoi" not in routing["reason"]


def test_diagnostic_says_a_start_up_patent_goes_to_inpi(client, seeded):
    plan, response = plan_of(client, profile="startup", creates=["technical"])
    assert plan["patent-first"]["routing"]["office"] == "inpi"
    assert "l&#x27;INPI" in response.content.decode()


def test_diagnostic_without_a_profile_says_nothing_of_the_office(client, seeded):
    plan, _response = plan_of(client, creates=["technical"])
    assert plan["patent-first"]["routing"] is None


def test_europe_gives_euipo_and_epo_guidance(client, seeded):
    plan, _response = plan_of(client, grow=["europe"], creates=["technical"], sells=["brand"])
    text = str(plan["europe"]["recommendation"].text)
    assert "EUIPO" in text and "OEB" in text and "www.epo.org" in text
