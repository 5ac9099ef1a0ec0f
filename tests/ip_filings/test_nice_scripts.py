"""Nice terms in any script from any page, matched on word starts (issue 20, item 3)."""

import pytest
from django.urls import reverse
from django.utils import translation

from carres.wordstarts import word_start_index, word_start_needles
from ip_filings.selectors.nice import search_terms
from ip_filings.services.nice import load_nice_data
from tests.factories.ip_filings import make_filing

pytestmark = pytest.mark.django_db


@pytest.fixture
def nice():
    load_nice_data()


def classes_found(query, language):
    return [term.nice_class.number for term in search_terms(query, language=language)]


def picker(client, language, query):
    with translation.override(language):
        address = reverse("ip_filings:class_picker")
    response = client.get(address, {"q": query})
    assert response.status_code == 200
    return response


def test_word_start_index_keeps_the_article_less_forms():
    assert word_start_index("تركيب الألواح الشمسية") == " تركيب الالواح الواح واح الشمسيه شمسيه"
    assert word_start_index("Cafés-restaurants") == " cafes cafe restaurants restaurant"
    assert word_start_needles("ألواح شمسية") == [["الواح", "واح"], ["شمسيه"]]


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
@pytest.mark.parametrize(
    ("query", "number"),
    [("قهوة", 30), ("قهوه", 30), ("ألواح شمسية", 9), ("café", 30), ("coffee", 30)],
)
def test_search_terms_finds_a_term_of_any_script_from_any_page(nice, language, query, number):
    assert number in classes_found(query, language)


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_search_terms_solar_panels_in_arabic_find_goods_and_installation(nice, language):
    assert set(classes_found("ألواح شمسية", language)) == {9, 37}


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_search_terms_cafe_does_not_find_caftans(nice, language):
    found = search_terms("cafe", language=language)
    assert 30 in [term.nice_class.number for term in found]
    assert "caftans" not in [term.term_fr for term in found]


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_search_terms_tea_in_arabic_does_not_find_mattresses(nice, language):
    found = search_terms("شاي", language=language)
    assert "حشايا" not in [term.term_ar for term in found]
    assert {term.term_fr for term in found} >= {"thé", "thé à la menthe", "théières"}


def test_search_terms_article_is_set_aside_both_ways(nice):
    assert "thé" in [term.term_fr for term in search_terms("الشاي", language="fr")]


def test_search_terms_says_which_wording_matched(nice):
    coffee = search_terms("قهوة", language="fr")[0]
    assert (coffee.term_fr, coffee.matched_language, coffee.matched_text) == ("café", "ar", "قهوة")
    same = search_terms("café", language="fr")[0]
    assert (same.matched_language, same.matched_text) == ("fr", "")


def test_search_terms_puts_the_page_language_first(nice):
    # "the" starts English words ("the production...") and French "thé": French first on /fr/
    found = search_terms("thé", language="fr")
    assert found[0].term_fr == "thé"


def test_search_terms_falls_back_to_close_spellings_only_when_nothing_starts(nice):
    assert "chaussures" in [term.term_fr for term in search_terms("chausures", language="fr")]


def test_class_picker_on_french_page_finds_arabic_coffee(client, nice):
    page = picker(client, "fr", "قهوة").content.decode()
    assert '<td dir="ltr">30</td><td>café' in page
    assert 'lang="ar" dir="auto">(قهوة)' in page


def test_class_picker_on_arabic_page_finds_french_terms(client, nice):
    page = picker(client, "ar", "panneaux solaires").content.decode()
    assert "ألواح شمسية لإنتاج الكهرباء" in page
    assert "(panneaux solaires pour la production d&#x27;électricité)" in page


def test_class_picker_on_english_page_finds_arabic_solar_panels(client, nice):
    page = picker(client, "en", "ألواح شمسية").content.decode()
    assert "solar panels for the production of electricity" in page


def test_class_picker_cafe_does_not_list_caftans(client, nice):
    page = picker(client, "fr", "cafe").content.decode()
    assert "café" in page
    assert "caftans" not in page.split("Les 45 classes")[0]


def test_class_picker_tea_in_arabic_does_not_list_mattresses(client, nice):
    page = picker(client, "ar", "شاي").content.decode()
    assert "حشايا" not in page.split("tm-classes")[0]


def test_trademark_wizard_on_french_page_offers_coffee_for_an_arabic_term(
    client, entrepreneur, nice
):
    filing = make_filing(entrepreneur, classes=())
    client.force_login(entrepreneur)
    response = client.get(f"/fr/trademarks/dossiers/{filing.pk}/step/classes/", {"q": "قهوة"})
    candidates = dict(response.context["candidates"])
    assert [(term.nice_class.number, term.term_fr) for term in candidates.values()] == [
        (30, "café")
    ]
    assert "(قهوة)" in response.content.decode()


def test_trademark_wizard_on_arabic_page_finds_a_french_term(client, entrepreneur, nice):
    filing = make_filing(entrepreneur, classes=())
    client.force_login(entrepreneur)
    response = client.get(f"/ar/trademarks/dossiers/{filing.pk}/step/classes/", {"q": "cafe"})
    terms = [term.term_fr for term in dict(response.context["candidates"]).values()]
    assert "café" in terms
    assert "caftans" not in terms
