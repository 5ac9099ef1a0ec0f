"""Reference content named in Arabic, and page titles that keep the page apart from the
programme (tests/foundation/test_untranslated.py reads the pages themselves)."""

import re

import pytest

ARABIC_LETTER = re.compile("[\u0621-\u064a]")


@pytest.mark.django_db
def test_reference_data_has_arabic_names():
    """The reference content that the migrations load (regions, provinces, towns, chambers,
    legal forms) is named in Arabic script in Arabic."""
    from chambers.models import Chamber, City, Province, Region
    from companies.models import LegalForm

    missing = {}
    for model, field in (
        (Region, "name"),
        (Province, "name"),
        (City, "name"),
        (Chamber, "name"),
        (LegalForm, "name"),
    ):
        rows = list(model.objects.values_list("pk", f"{field}_fr", f"{field}_ar"))
        assert rows, f"no {model.__name__} loaded"
        wrong = [fr for _pk, fr, ar in rows if not ARABIC_LETTER.search(ar or "")]
        if wrong:
            missing[model.__name__] = wrong[:5]
    assert missing == {}


@pytest.mark.django_db
def test_page_title_separates_the_page_from_the_programme(client):
    html = client.get("/en/trainings/").content.decode()
    assert "<title>Trainings · Carrés des innovateurs</title>" in html
