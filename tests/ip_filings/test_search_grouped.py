"""The registrations of one mark make one result on the pages (group_identical)."""

import pytest

from ip_filings.search import search_prior_marks
from tests.factories.ip_filings import make_mark

pytestmark = pytest.mark.django_db


def _register():
    first = make_mark("Nour", classes=[3])
    again = [make_mark("NOUR", classes=[5]), make_mark("Nour", classes=[30])]
    other = make_mark("نور", classes=[3])
    return first, again, other


def test_identical_registrations_are_one_result_with_the_others_in_it():
    first, again, other = _register()

    plain = search_prior_marks("Nour", limit=2)
    grouped = search_prior_marks("Nour", limit=2, group_identical=True)

    # ungrouped, the registrations of "Nour" fill the two places; grouped, the Arabic
    # writing of the mark has its own
    assert [m.mark.normalized for m in plain] == ["nour", "nour"]
    assert [m.mark.pk for m in grouped] == [first.pk, other.pk]
    assert {o.pk for o in grouped[0].same} == {mark.pk for mark in again}
    assert grouped[1].same == ()


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("fr", "Et 2 autres enregistrements de la même marque :"),
        ("ar", "وتسجيلان آخران للعلامة نفسها:"),
        ("en", "And 2 other registrations of the same mark:"),
    ],
)
def test_search_page_lists_the_other_registrations_of_a_mark(client, language, said):
    _first, again, _other = _register()

    page = client.get(f"/{language}/trademarks/search/", {"mark": "Nour"}).content.decode()

    assert said in page
    for mark in again:  # each number with its classes, one left-to-right unit in Arabic too
        classes = ", ".join(map(str, mark.classes))
        assert f'<span class="tm-same-mark" dir="ltr">{mark.number} ({classes})</span>' in page
    assert page.count('class="tm-match ') == 2  # "Nour" once, نور once
