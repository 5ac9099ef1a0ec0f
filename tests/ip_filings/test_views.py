import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from ip_filings.models import Tariff
from ip_filings.seed.reference import OMPIC_2017_TARIFF
from tests.factories.ip_filings import make_mark, make_nice_class, make_term

pytestmark = pytest.mark.django_db


def url(name, language="fr"):
    with translation.override(language):
        return reverse(f"ip_filings:{name}")


def test_search_page_without_query_shows_the_form(client):
    response = client.get(url("prior_mark_search"))
    assert response.status_code == 200
    assert 'name="mark"' in response.content.decode()
    assert "marques proches" not in response.content.decode()


def test_search_page_lists_matches_with_reasons(client):
    make_mark("أطلس", classes=[30], number="MA-2016-170410")
    response = client.get(url("prior_mark_search"), {"mark": "Atlas", "classes": "30"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 marque proche" in page
    assert "MA-2016-170410" in page
    assert "Même marque dans l&#x27;autre écriture" in page
    assert "Risque élevé" in page


def test_search_page_in_arabic_translates_the_reason(client):
    make_mark("Atlas", classes=[30])
    response = client.get(url("prior_mark_search", "ar"), {"mark": "Atlas"})
    page = response.content.decode()
    assert 'dir="rtl"' in page
    assert "العلامة «Atlas» مكتوبة تماما مثل علامتك." in page
    assert "خطر مرتفع" in page


def test_search_page_in_english(client):
    make_mark("Philips", classes=[9])
    response = client.get(url("prior_mark_search", "en"), {"mark": "Filips"})
    assert "Sounds alike" in response.content.decode()


def test_search_page_rejects_class_out_of_range_and_keeps_input(client):
    response = client.get(url("prior_mark_search"), {"mark": "Atlas", "classes": "25, 46, x"})
    page = response.content.decode()
    assert "Les classes 46, x n&#x27;existent pas : les classes vont de 1 à 45." in page
    assert 'value="Atlas"' in page
    assert 'value="25, 46, x"' in page


def test_search_page_survives_any_input(client):
    response = client.get(url("prior_mark_search"), {"mark": "🙂" * 300 + "أطلس\x01"})
    assert response.status_code == 200
    assert "Une marque tient en 200 caractères au plus." in response.content.decode()
    # PostgreSQL refuses NUL in text: the request guard answers it with the 400 page.
    assert client.get(url("prior_mark_search"), {"mark": "أطلس\x00"}).status_code == 400


def test_search_page_htmx_returns_the_results_only(client):
    make_mark("Atlas", classes=[30])
    response = client.get(url("prior_mark_search"), {"mark": "Atlas"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page
    assert "1 marque proche" in page


@pytest.mark.parametrize("rows", [1, 3])
def test_search_page_query_count(client, django_assert_num_queries, rows):
    for index in range(rows):
        make_mark(f"Atlas {index}", classes=[30])
    with django_assert_num_queries(2):  # trigram threshold, then the search
        response = client.get(url("prior_mark_search"), {"mark": "Atlas", "classes": "30"})
    assert len(re.findall(r'class="tm-match ', response.content.decode())) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_class_picker_query_count(client, django_assert_num_queries, rows):
    nice_class = make_nice_class(25, "Vêtements", "Clothing", "الملابس")
    for index in range(rows):
        make_term(nice_class, f"chaussures {index}")
    with django_assert_num_queries(2):
        response = client.get(url("class_picker"), {"q": "chaussures"})
    assert response.content.decode().count('<td dir="ltr">25</td>') == rows


def test_class_picker_suggests_classes_from_description(client):
    nice_class = make_nice_class(43, "Services de restauration", "Food services", "خدمات الطعام")
    make_term(nice_class, "restaurants", "restaurant services", "خدمات المطاعم")
    response = client.get(url("class_picker"), {"description": "Un restaurant à Fès"})
    page = response.content.decode()
    assert "Classes suggérées pour votre activité" in page
    assert "Classe 43" in page


def test_class_picker_in_arabic_searches_arabic_terms(client):
    nice_class = make_nice_class(25, "Vêtements", "Clothing", "الملابس")
    make_term(nice_class, "chaussures", "footwear", "أحذية")
    response = client.get(url("class_picker", "ar"), {"q": "احذيه"})
    assert "أحذية" in response.content.decode()


def test_fee_page_estimates(client):
    Tariff.objects.all().delete()  # the default rows the migrations enter
    Tariff.objects.create(
        code="trademark-online", valid_from=datetime.date(2017, 1, 1), **OMPIC_2017_TARIFF
    )
    response = client.get(url("fee_estimate"), {"classes": "25, 30", "applicant_kind": "sme"})
    page = response.content.decode()
    assert "2\xa0160,00\xa0MAD" in page  # grouped as every amount (carres.formatting)
    assert "n'a pas encore été confirmé" in page


def test_fee_page_without_tariff_says_so(client):
    Tariff.objects.all().delete()
    response = client.get(url("fee_estimate"), {"classes": "25", "applicant_kind": "sme"})
    assert "Aucun tarif n'est en vigueur" in response.content.decode()


def test_fee_page_requires_a_class(client):
    response = client.get(url("fee_estimate"), {"classes": "", "applicant_kind": "sme"})
    assert "Choisissez au moins une classe." in response.content.decode()


def test_fee_page_reads_arabic_indic_digits_and_arabic_commas(client):
    Tariff.objects.all().delete()  # the default rows the migrations enter
    Tariff.objects.create(
        code="trademark-online", valid_from=datetime.date(2017, 1, 1), **OMPIC_2017_TARIFF
    )
    response = client.get(url("fee_estimate", "ar"), {"classes": "٢٥، ۳۰", "applicant_kind": "sme"})
    assert response.status_code == 200
    assert response.context["form"].cleaned_data["classes"] == [25, 30]


@pytest.mark.parametrize("classes", ["²", "2²", "٢⁵", "9" * 5_000, "0025"])
def test_fee_page_refuses_what_only_looks_like_a_class_number(client, classes):
    # '²'.isdigit() is true and int('²') raises: this was a 500 (found by the hostile-input
    # property); int() of 5,000 digits raises too.
    response = client.get(url("fee_estimate"), {"classes": classes, "applicant_kind": "sme"})
    assert response.status_code == 200
    assert response.context["form"].errors["classes"] == [
        f"La classe {classes} n'existe pas : les classes vont de 1 à 45."
    ]
