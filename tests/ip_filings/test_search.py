import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ip_filings.enums import MarkStatus
from ip_filings.search import search_prior_marks
from tests.factories.ip_filings import make_mark

pytestmark = pytest.mark.django_db


def kinds(matches):
    return [(match.mark.mark_text, match.kind, match.risk) for match in matches]


def test_search_prior_marks_identical_first():
    make_mark("Atlas", classes=[30])
    make_mark("Atlantique", classes=[30])
    matches = search_prior_marks("Atlas", [30])
    assert (matches[0].mark.mark_text, matches[0].kind, matches[0].score) == (
        "Atlas",
        "identical",
        1.0,
    )
    assert matches[0].risk == "high"
    assert matches[0].shared_classes == (30,)


def test_search_prior_marks_normalized_when_only_accents_and_legal_form_differ():
    make_mark("CAFÉ DÉLICE S.A.R.L.", classes=[43])
    assert kinds(search_prior_marks("cafe delice", [43])) == [
        ("CAFÉ DÉLICE S.A.R.L.", "normalized", "high")
    ]


def test_search_prior_marks_finds_arabic_writing_of_latin_query():
    make_mark("أطلس", classes=[30])
    matches = search_prior_marks("Atlas", [30])
    assert kinds(matches) == [("أطلس", "other_script", "high")]
    assert matches[0].reason == (
        "La marque « أطلس », écrite en arabe, se lit « atls » : c'est probablement "
        "la même marque que la vôtre dans l'autre écriture."
    )


def test_search_prior_marks_finds_latin_writing_of_arabic_query():
    make_mark("Marjane", classes=[35])
    assert kinds(search_prior_marks("مرجان", [35])) == [("Marjane", "other_script", "high")]


def test_search_prior_marks_sound_alike():
    make_mark("Philips", classes=[9])
    assert kinds(search_prior_marks("Filips", [9])) == [("Philips", "phonetic", "high")]


def test_search_prior_marks_close_spelling():
    make_mark("Samsonite", classes=[18])
    matches = search_prior_marks("Samsonita", [18])
    assert [(m.mark.mark_text, m.kind) for m in matches] == [("Samsonite", "spelling")]
    # a mute final e aside, the same letters: a sound-alike (carres.sound.fold_variants)
    matches = search_prior_marks("Samsonit", [18])
    assert [(m.mark.mark_text, m.kind) for m in matches] == [("Samsonite", "phonetic")]


def test_search_prior_marks_filters_classes():
    make_mark("Atlas", classes=[9])
    make_mark("Atlas Food", classes=[29, 30])
    matches = search_prior_marks("Atlas", [30, 31])
    assert [(m.mark.mark_text, m.shared_classes) for m in matches] == [("Atlas Food", (30,))]


def test_search_prior_marks_without_classes_searches_all():
    make_mark("Atlas", classes=[9])
    make_mark("Atlas", classes=[30], number="M-2")
    assert len(search_prior_marks("Atlas")) == 2


def test_search_prior_marks_skips_dead_marks():
    make_mark("Atlas", classes=[30], status=MarkStatus.EXPIRED)
    assert search_prior_marks("Atlas", [30]) == []


def test_search_prior_marks_respects_limit():
    for index in range(5):
        make_mark(f"Atlas {index}", classes=[30])
    assert len(search_prior_marks("Atlas", [30], limit=3)) == 3


def test_search_prior_marks_refuses_class_out_of_range():
    with pytest.raises(ValueError, match="1-45"):
        search_prior_marks("Atlas", [46])


def test_search_prior_marks_reason_in_arabic():
    from django.utils import translation

    make_mark("Atlas", classes=[30])
    with translation.override("ar"):
        match = search_prior_marks("Atlas", [30])[0]
    assert "Atlas" in match.reason
    assert match.reason != "La marque « Atlas » s'écrit exactement comme la vôtre."


def test_search_prior_marks_two_queries_at_most(django_assert_max_num_queries):
    make_mark("Atlas", classes=[30])
    with django_assert_max_num_queries(2):
        search_prior_marks("Atlas", [30])


# Cheap examples: more than the profile's dozen, and as many as a thorough hunt asks for.
@settings(max_examples=max(60, settings.default.max_examples))
@given(
    text=st.one_of(
        st.text(max_size=200),
        st.text(alphabet=st.characters(codec="utf-8"), min_size=5000, max_size=10000),
        st.sampled_from(
            ["🙂🙂🙂", "Atlas أطلس 🙂", "\x00Atlas", "\ud800", "'; DROP TABLE --", "%_\\"]
        ),
    )
)
def test_search_prior_marks_any_unicode_input(text):
    matches = search_prior_marks(text, [30])
    assert isinstance(matches, list)


# --- recall on hand-made tricky pairs ----------------------------------------------------
# (registered mark, query the entrepreneur types, expected kind of match)
TRICKY_PAIRS = [
    # accents, case, punctuation, legal forms
    ("Café Délice", "CAFE DELICE", "normalized"),
    ("L'Étoile", "letoile", "normalized"),
    ("Atlas S.A.R.L.", "atlas", "normalized"),
    ("Bio-Natura", "bio natura", "normalized"),
    ("Crème Éclat", "creme eclat", "normalized"),
    # Arabic normalisation
    ("مُحَمَّد", "محمد", "normalized"),
    ("إنارة", "انارة", "normalized"),
    ("مصطفى", "مصطفي", "normalized"),
    # Arabic <-> Latin
    ("أطلس", "Atlas", "other_script"),
    ("Atlas", "أطلس", "other_script"),
    ("مرجان", "Marjane", "other_script"),
    ("الشروق", "Chourouk", "other_script"),
    ("سيدي علي", "Sidi Ali", "other_script"),
    ("Fatma", "فاطمة", "other_script"),
    ("بيبسي", "Pepsi", "other_script"),
    ("Coca-Cola", "كوكا كولا", "other_script"),
    ("Lesieur", "لوسيور", "other_script"),
    ("Zara", "زارا", "other_script"),
    ("جودة", "Jaouda", "other_script"),
    ("سامسونج", "Samsung", "other_script"),
    # letter swaps and typos
    ("Samsonite", "Samsonitte", "phonetic"),
    ("Samsonite", "Samsonate", "spelling"),
    ("Marjane", "Marjnae", "phonetic"),  # same consonants in the same order
    ("Lesieur", "Lesieru", "phonetic"),
    ("Marjane", "Marjana Market", "spelling"),
    ("Aswak Assalam", "Aswak Asalam", "phonetic"),
    ("Bimo", "Bimmo", "phonetic"),
    # sound-alikes
    ("Philips", "Filips", "phonetic"),
    ("Kappa", "Capa", "phonetic"),
    ("Cosmos", "Kosmos", "phonetic"),
    ("Renault", "Reno", "phonetic"),
    ("Céline", "Seline", "phonetic"),
    ("Chourouk", "Chourouq", "phonetic"),
    ("Quick", "Kwik", "phonetic"),
]


def test_recall_on_tricky_pairs():
    """Each registered mark is found, in the top 3, by the query that imitates it."""
    registered = {}
    for index, (mark, _query, _kind) in enumerate(TRICKY_PAIRS):
        if mark not in registered:
            registered[mark] = make_mark(mark, classes=[30], number=f"R{index}")
    found, wrong_kind, missed = [], [], []
    for mark, query, kind in TRICKY_PAIRS:
        top = search_prior_marks(query, [30], limit=3)
        hit = next((m for m in top if m.mark.mark_text == mark), None)
        if hit is None:
            missed.append((mark, query))
        else:
            found.append(mark)
            if hit.kind != kind:
                wrong_kind.append((mark, query, hit.kind))
    # Recall measured when this was written: see the report; every pair but the
    # ones listed here is found.
    assert missed == []
    assert wrong_kind == [], wrong_kind


# French-spelling sound-alikes, and Latin spellings of Arabic names
SOUND_ALIKES = [
    ("Philips", "Filips"),
    ("Kappa", "Capa"),
    ("Cosmos", "Kosmos"),
    ("Renault", "Reno"),
    ("Céline", "Seline"),
    ("Chourouk", "Chourouq"),
    ("Quick", "Kwik"),
    ("Lumière", "Lumierre"),
    ("Château", "Chato"),
    ("Bordeaux", "Bordo"),
    ("Gîte", "Jite"),
    ("Aïcha", "Aicha"),
    ("Oulmès", "Oulmess"),
    ("Marjane", "Marjan"),
    ("Jaouda", "Jawda"),
    ("Chahrazad", "Shahrazad"),
]


def test_phonetic_key_beats_dmetaphone_on_french_sound_alikes():
    """Measured to choose the phonetic key: PostgreSQL's dmetaphone follows English spelling."""
    from django.db import connection

    from carres.text import normalize_mark, phonetic_key

    ours = sum(phonetic_key(one) == phonetic_key(other) for one, other in SOUND_ALIKES)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE dmetaphone(a) = dmetaphone(b)) "
            "FROM unnest(%s::text[], %s::text[]) AS pairs(a, b)",
            [
                [normalize_mark(one) for one, _ in SOUND_ALIKES],
                [normalize_mark(other) for _, other in SOUND_ALIKES],
            ],
        )
        theirs = cursor.fetchone()[0]
    # dmetaphone misses Renault/Reno and cannot read Arabic script at all
    assert (ours, theirs) == (16, 15)


def test_recall_on_tricky_pairs_without_classes():
    """The class-less search (the word door) finds each tricky pair too, in the top 3."""
    registered = {}
    for index, (mark, _query, _kind) in enumerate(TRICKY_PAIRS):
        if mark not in registered:
            registered[mark] = make_mark(mark, classes=[index % 45 + 1], number=f"R{index}")
    missed, wrong_kind = [], []
    for mark, query, kind in TRICKY_PAIRS:
        top = search_prior_marks(query, limit=3)
        hit = next((m for m in top if m.mark.mark_text == mark), None)
        if hit is None:
            missed.append((mark, query))
        elif hit.kind != kind:
            wrong_kind.append((mark, query, hit.kind))
    assert missed == []
    assert wrong_kind == []


# --- the class-less word door (ip_filings.search's docstring), with its bounds made small --


@pytest.fixture
def small_word_door(monkeypatch):
    """Bounds small enough that a handful of marks overflow them, as thousands would."""
    from ip_filings.search import candidates

    monkeypatch.setattr(candidates, "WORD_SCAN", 2)
    monkeypatch.setattr(candidates, "POSTINGS_PER_WORD", 2)
    monkeypatch.setattr(candidates, "FETCHED_POSTINGS", 2)


def test_search_without_classes_takes_a_common_words_shortest_marks(small_word_door):
    for text in ("Atlas Chairoutte Distribution", "Atlas Bo", "Atlas Tazi", "Atlas Marrakech"):
        make_mark(text)
    assert [m.mark.mark_text for m in search_prior_marks("Atlas")] == ["Atlas Bo", "Atlas Tazi"]


def test_search_without_classes_finds_marks_holding_all_the_words(small_word_door):
    for text in ("Nour", "Sahara", "Nour Bo", "Sahara Bo", "Nour Lux", "Sahara Lux"):
        make_mark(text)
    make_mark("Sahara Nour Distribution Maroc")
    make_mark("Sahra Nour Maroc")  # a close spelling of the other word
    # both beyond the two shortest marks of each word, yet found (the exhaustive
    # trigram search drops the longer one: under its 0.4 threshold). "Sahara" is a
    # generic word (GenericWord, seeded): the marks sharing the distinctive "Nour" come
    # first, high risk; a mark alike only through "Sahara" is a low risk.
    assert kinds(search_prior_marks("Nour Sahara")) == [
        ("Nour", "shared_word", "high"),
        ("Sahara Nour Distribution Maroc", "shared_word", "high"),
        ("Nour Bo", "spelling", "low"),
        ("Sahara", "spelling", "low"),
        ("Sahara Bo", "spelling", "low"),
        ("Sahra Nour Maroc", "spelling", "low"),
    ]


def test_search_without_classes_reads_a_misspelt_word_as_the_registers(small_word_door):
    for text in ("Baraka", "Baraka Bo", "Baraka Zem"):
        make_mark(text)
    assert "Baraka Zem" in [m.mark.mark_text for m in search_prior_marks("Barraka Zem")]


def test_search_without_classes_finds_close_spellings_and_other_script():
    make_mark("Samsonite")
    make_mark("سامسونج")
    assert kinds(search_prior_marks("Samsonita")) == [
        ("Samsonite", "spelling", "medium"),
        ("سامسونج", "spelling", "low"),  # its romanised form, "samsounj"
    ]
    assert kinds(search_prior_marks("Samsung")) == [("سامسونج", "other_script", "high")]


def test_search_prior_marks_without_classes_two_queries_at_most(django_assert_max_num_queries):
    make_mark("Atlas Bo")
    with django_assert_max_num_queries(2):
        assert len(search_prior_marks("Atlas Bo")) == 1


def test_search_without_classes_finds_a_short_words_spellings_one_edit_away():
    for text in ("Stari", "Sta", "Stabu"):
        make_mark(text)
    # "Stabu" is two edits away (and 0.33 similar): left out
    assert kinds(search_prior_marks("Star")) == [
        ("Stari", "spelling", "medium"),
        ("Sta", "spelling", "medium"),
    ]


def test_one_edit_away_spells_latin_and_arabic_words():
    from ip_filings.search import one_edit_away

    variants = one_edit_away("ab")
    assert (len(variants), "b" in variants, "ba" in variants, "abc" in variants) == (
        129,
        True,
        True,
        True,
    )
    assert "نو" in one_edit_away("نور")


# --- matching that explains itself (issue 21) --------------------------------------------


def test_search_prior_marks_spacing_and_punctuation():
    make_mark("Techno-Vert", classes=[42])
    matches = search_prior_marks("TECHNOVERT", [42])
    assert kinds(matches) == [("Techno-Vert", "spacing", "high")]
    assert matches[0].reason == (
        "La marque « Techno-Vert » ne diffère de la vôtre que par les espaces, les traits "
        "d'union ou les apostrophes : c'est la même suite de lettres."
    )


def test_search_prior_marks_article_and_sun_letter_across_scripts():
    make_mark("النور", classes=[3])
    make_mark("Al Fath", classes=[36])
    assert kinds(search_prior_marks("Ennour", [3])) == [("النور", "other_script", "high")]
    assert kinds(search_prior_marks("الفتح")) == [("Al Fath", "other_script", "high")]


def test_search_prior_marks_shared_distinctive_word_beside_generic_ones():
    make_mark("Zahra", classes=[30])
    matches = search_prior_marks("Zahra Food", [30])
    assert kinds(matches) == [("Zahra", "shared_word", "high")]
    assert matches[0].reason == (
        "La marque « Zahra » a le même mot distinctif que la vôtre (« zahra », écrit ou "
        "prononcé de la même façon) ; les mots « food » sont génériques et ne suffisent "
        "pas à les distinguer."
    )


def test_search_prior_marks_generic_words_alone_are_a_low_risk():
    make_mark("Atlas Tazi", classes=[43])
    make_mark("Kenzi", classes=[43])
    assert kinds(search_prior_marks("Atlas Kenzi", [43])) == [
        ("Kenzi", "shared_word", "high"),
        ("Atlas Tazi", "spelling", "low"),
    ]


def test_search_prior_marks_distinctive_word_in_the_other_script():
    make_mark("زهرة", classes=[30])
    matches = search_prior_marks("Zahra Maroc", [30])
    assert kinds(matches) == [("زهرة", "other_script", "high")]
    assert "« maroc »" in matches[0].reason


def test_search_prior_marks_generic_words_are_data_per_class():
    from ip_filings.models import GenericWord

    make_mark("Kenzi", classes=[39])
    before = kinds(search_prior_marks("Kenzi Croisières", [39]))
    GenericWord.objects.create(word="Croisières", classes=[39])
    after = kinds(search_prior_marks("Kenzi Croisières", [39]))
    in_other_class = kinds(search_prior_marks("Kenzi Croisières", [12]))
    # unknown as generic, the long word hides the shared one (below the trigram threshold)
    assert (before, after) == ([], [("Kenzi", "shared_word", "high")])
    assert in_other_class == []  # class 12 holds no mark


def test_search_prior_marks_reason_of_a_shared_word_in_english():
    from django.utils import translation

    make_mark("Zahra", classes=[30])
    with translation.override("en"):
        match = search_prior_marks("Zahra Food", [30])[0]
        label = str(match.kind_label)
    assert match.reason == (
        "The mark “Zahra” has the same distinctive word as yours (“zahra”, written or "
        "pronounced the same way); the words « food » are generic and do not set them apart."
    )
    assert label == "Same distinctive word"
