from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from ip_filings.models import NiceClass, NiceTerm
from ip_filings.selectors.nice import search_terms, suggest_classes
from ip_filings.services.nice import DATA_FILE, load_nice_data, parse_ncl_xml
from tests.factories.ip_filings import make_nice_class, make_term

FIXTURES = Path(__file__).parent / "fixtures"
pytestmark = pytest.mark.django_db


def test_load_nice_data_creates_45_classes_with_15_terms_each():
    assert load_nice_data() == (45, 675)
    assert NiceClass.objects.count() == 45
    assert sorted(NiceClass.objects.values_list("number", flat=True)) == list(range(1, 46))
    short = [c.number for c in NiceClass.objects.all() if c.terms.count() < 15]
    assert short == []


def test_load_nice_data_is_idempotent():
    load_nice_data()
    load_nice_data()
    assert (NiceClass.objects.count(), NiceTerm.objects.count()) == (45, 675)


def test_load_nice_data_again_reads_the_terms_once_per_class():
    load_nice_data()
    with CaptureQueriesContext(connection) as queries:
        load_nice_data()
    term_reads = [
        q["sql"] for q in queries if q["sql"].startswith("SELECT") and "niceterm" in q["sql"]
    ]
    assert len(term_reads) == 45


def test_load_nice_data_fills_three_languages_and_marks_arabic_for_review():
    load_nice_data()
    nice_class = NiceClass.objects.get(number=25)
    assert (nice_class.heading_fr, nice_class.heading_en, nice_class.heading_ar) == (
        "Vêtements, chaussures, chapellerie",
        "Clothing, footwear, headwear",
        "الملابس والأحذية وأغطية الرأس",
    )
    assert nice_class.needs_review is True
    term = NiceTerm.objects.get(nice_class=nice_class, term_fr="chaussures")
    assert (term.term_en, term.term_ar, term.needs_review) == ("footwear", "أحذية", True)
    with translation.override("ar"):
        assert str(nice_class) == "25 — الملابس والأحذية وأغطية الرأس"


def test_data_file_has_every_term_in_three_languages():
    import json

    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    empty = [
        (item["number"], term)
        for item in data["classes"]
        for term in item["terms"]
        if not all(term[lang].strip() for lang in ("fr", "en", "ar"))
    ]
    assert empty == []


def test_parse_ncl_xml_reads_classes_terms_and_language():
    classes, language = parse_ncl_xml(FIXTURES / "ncl-20250101-en-sample.xml")
    assert language == "en"
    assert sorted(classes) == [25, 30]
    assert classes[25].heading == "Clothing, footwear, headwear."
    assert classes[25].terms == {"250001": "bathing caps", "250002": "babouches"}


def test_parse_ncl_xml_takes_language_from_file_name():
    _classes, language = parse_ncl_xml(FIXTURES / "ncl-20250101-fr-sample.xml")
    assert language == "fr"


def test_parse_ncl_xml_refuses_entities(tmp_path):
    path = tmp_path / "evil-en.xml"
    path.write_text('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Class>&e;</Class>')
    with pytest.raises(ValueError, match="DTDs"):
        parse_ncl_xml(path)


def test_import_nice_command_merges_languages_on_basic_number():
    call_command(
        "import_nice",
        str(FIXTURES / "ncl-20250101-fr-sample.xml"),
        str(FIXTURES / "ncl-20250101-en-sample.xml"),
        edition="NCL 12-2025",
    )
    term = NiceTerm.objects.get(basic_number="250001")
    assert (term.term_fr, term.term_en, term.needs_review) == (
        "bonnets de bain",
        "bathing caps",
        False,
    )
    assert NiceTerm.objects.count() == 3
    assert NiceClass.objects.get(number=25).heading_fr == "Vêtements, chaussures, chapellerie."


def test_import_nice_command_rejects_a_file_without_classes(tmp_path):
    path = tmp_path / "empty-en.xml"
    path.write_text("<Classification/>")
    with pytest.raises(CommandError, match="no Nice class"):
        call_command("import_nice", str(path))


@pytest.fixture
def clothing():
    nice_class = make_nice_class(25, "Vêtements", "Clothing", "الملابس")
    make_term(nice_class, "chaussures", "footwear", "أحذية")
    make_term(nice_class, "vêtements", "clothing", "ملابس")
    software = make_nice_class(9, "Appareils", "Apparatus", "الأجهزة")
    make_term(software, "logiciels", "computer software", "برمجيات حاسوبية")
    return nice_class


def test_search_terms_ignores_accents_and_finds_plural(clothing):
    found = search_terms("vetement", language="fr")
    assert [(term.nice_class.number, term.term_fr) for term in found] == [(25, "vêtements")]


def test_search_terms_in_arabic_ignores_letter_variants(clothing):
    found = search_terms("أحذيه", language="ar")
    assert [term.term_ar for term in found] == ["أحذية"]


def test_search_terms_in_english(clothing):
    assert [term.term_en for term in search_terms("software", language="en")] == [
        "computer software"
    ]


def test_search_terms_empty_query_returns_nothing(clothing):
    assert search_terms("  !! ", language="fr") == []


def test_suggest_classes_ranks_classes_from_a_description():
    load_nice_data()
    suggestions = suggest_classes(
        "Je vends des vêtements, des chaussures et des djellabas", language="fr"
    )
    assert suggestions[0].nice_class.number == 25
    assert {term.term_fr for term in suggestions[0].terms} >= {"vêtements", "djellabas"}


def test_suggest_classes_in_arabic():
    load_nice_data()
    suggestions = suggest_classes("مطعم و مقهى و خدمات المطاعم", language="ar")
    assert suggestions[0].nice_class.number == 43


def test_suggest_classes_without_words_returns_nothing():
    assert suggest_classes("🙂 !!", language="fr") == []
