"""The prior-mark search across scripts and spellings: the folded spelling's alignment,
the article, function words, a dropped first vowel (issue 21)."""

import pytest

from ip_filings.search import search_prior_marks
from tests.factories.ip_filings import make_mark

pytestmark = pytest.mark.django_db


def kinds(matches):
    return [(match.mark.mark_text, match.kind, match.risk) for match in matches]


def _closeness(latin, arabic):
    from ip_filings.search.ranking import compact_cross, cross_script_closeness, mark_words

    return cross_script_closeness(
        compact_cross(mark_words(latin)), compact_cross(mark_words(arabic))
    )


@pytest.mark.parametrize(
    ("closer", "further"),
    [
        (("Karim", "كريم"), ("Crem", "كريم")),  # ي is a long i, not e
        (("Al Fath", "الفتح"), ("Al Fath", "فاتحا")),  # no long a written after f
        (("Houda", "هدى"), ("Houda", "عهوداع")),  # ain the Latin spelling does not write
    ],
)
def test_cross_script_closeness_prefers_the_writing_with_short_vowels_only(closer, further):
    assert _closeness(*closer) > _closeness(*further)


def test_cross_script_closeness_is_one_for_long_vowels_written_in_both():
    from ip_filings.search.ranking import cross_script_closeness

    assert cross_script_closeness("huda", "huda") == 1.0
    assert cross_script_closeness("", "huda") == 0.0
    assert 0.9 < cross_script_closeness("baraka", "brka") < 1.0


def test_search_without_classes_ranks_the_arabic_writing_with_the_article_first():
    make_mark("فاتحا", classes=[36])
    make_mark("فتح", classes=[12])
    make_mark("الفتح", classes=[36])
    matches = search_prior_marks("Al Fath")
    assert [match.mark.mark_text for match in matches] == ["الفتح", "فتح", "فاتحا"]
    assert {match.kind for match in matches} == {"other_script"}


def test_search_prior_marks_function_words_are_not_distinctive():
    make_mark("Aicha", classes=[30])
    matches = search_prior_marks("Aicha Délices du Maroc")
    assert kinds(matches) == [("Aicha", "shared_word", "high")]
    assert "« du »" not in matches[0].reason


def test_search_prior_marks_first_vowel_dropped_reads_alike_in_the_readers_language():
    from django.utils import translation

    make_mark("Ismail", classes=[35])
    make_mark("Smara", classes=[35])
    with translation.override("ar"):
        matches = search_prior_marks("Smail")
    assert kinds(matches)[0] == ("Ismail", "phonetic", "high")
    assert matches[0].reason == (
        "العلامة «Ismail» تُنطق مثل علامتك رغم اختلاف كتابتها: قد يخلط الزبون بينهما عند النطق."
    )


@pytest.mark.parametrize(
    ("query", "earlier"),
    [
        ("Xauen", "Chaouen"),
        ("Hamsa", "Khamsa"),
        ("Khamsa", "Hamsa"),
        ("Hamsa", "خمسة"),
        ("Warzazat", "Ouarzazate"),
    ],
)
def test_search_prior_marks_finds_a_spelling_variants_sound_alike(query, earlier):
    make_mark(earlier, classes=[30])
    make_mark("Chahine", classes=[30])  # neither the query's sound nor its variant's
    for classes in ([30], None):
        matches = search_prior_marks(query, classes)
        assert kinds(matches)[:1] == [(earlier, matches[0].kind, "high")]
        assert matches[0].kind in ("phonetic", "other_script")
        assert matches[0].score < 0.93  # below the same letters without the variant


def test_search_prior_marks_finds_a_variants_other_script_writing_among_many():
    make_mark("شاون", classes=[30])
    for number in range(150):  # more marks of the variant's code than a door takes
        vowels = "ا" * (number % 5), "ي" * (number // 5 % 5), "و" * (number // 25)
        make_mark("ش{}ن{}ن{}".format(*vowels), classes=[30])
    texts = [match.mark.mark_text for match in search_prior_marks("Xauen")]
    assert "شاون" in texts[:10]
