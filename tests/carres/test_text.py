import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carres.sound import fold_key, fold_words, sound_key, sound_words
from carres.text import (
    consonant_skeleton,
    match_keys,
    normalize_mark,
    normalize_text,
    phonetic_key,
    romanize,
    script_of,
    strip_accents,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Café Délice", "cafe delice"),
        ("ÉCOLE", "ecole"),
        ("Œuvre", "oeuvre"),
        ("Straße", "strasse"),
        ("  Atlas,  S.A.R.L. ", "atlas"),
        ("Atlas-Maroc!", "atlas maroc"),
        ("Groupe", "groupe"),
        ("I.B.M.", "ibm"),
        ("Étoile ⭐ du Sud", "etoile du sud"),
    ],
)
def test_normalize_mark_folds_latin(text, expected):
    assert normalize_mark(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مُحَمَّد", "محمد"),  # tashkeel
        ("أطلـــس", "اطلس"),  # tatweel
        ("إنارة", "اناره"),  # hamza under alif, ta marbuta
        ("آمال", "امال"),  # madda
        ("مؤسسة", "موسسه"),  # hamza on waw
        ("بئر", "بير"),  # hamza on ya
        ("مصطفى", "مصطفي"),  # alif maqsura
        ("سماء", "سما"),  # lone hamza
        ("کتاب", "كتاب"),  # Persian kaf
        ("فارسی", "فارسي"),  # Persian ya
        ("أڭادير", "اگادير"),  # Moroccan gaf
        ("ﻻ", "لا"),  # presentation-form ligature
        ("٢٠٢٦", "2026"),  # Arabic-Indic digits
        ("شركة أطلس", "اطلس"),  # company word
        ("أطلس ش.م.م", "اطلس"),  # SARL in Arabic
    ],
)
def test_normalize_mark_folds_arabic(text, expected):
    assert normalize_mark(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أطلس", "atls"),
        ("الشروق", "elchrouk"),
        ("فاطمة", "fatma"),
        ("سيدي علي", "sidi ali"),
        ("ياسمين", "yasmin"),
        ("جودة", "jouda"),
        ("خير", "khir"),
        ("غزال", "ghzal"),
        ("موسى", "mousa"),
        ("Café", "cafe"),
        ("Atlas أطلس", "atlas atls"),
    ],
)
def test_romanize_follows_moroccan_french_spelling(text, expected):
    assert romanize(text) == expected


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("Atlas", "أطلس"),
        ("Marjane", "مرجان"),
        ("Chourouk", "الشروق"),
        ("Fatma", "فاطمة"),
        ("Pepsi", "بيبسي"),
        ("Google", "جوجل"),
        ("Samsung", "سامسونج"),
        ("Centrale", "سنطرال"),
        ("Lesieur", "لوسيور"),
        ("Mohamed", "مُحَمَّد"),
        ("Coca-Cola", "كوكا كولا"),
        ("Yasmine", "ياسمين"),
    ],
)
def test_consonant_skeleton_meets_across_scripts(latin, arabic):
    assert consonant_skeleton(latin) == consonant_skeleton(arabic)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Philips", "Filips"),
        ("Kappa", "Capa"),
        ("Cosmos", "Kosmos"),
        ("Renault", "Reno"),
        ("Atlas", "Atlass"),
        ("Céline", "Seline"),
        ("Chourouk", "Chourouq"),
        ("Zara", "Sara"),
        ("Lumière", "Lumierre"),
    ],
)
def test_phonetic_key_meets_for_french_sound_alikes(one, other):
    assert phonetic_key(one) == phonetic_key(other)


def test_phonetic_key_keeps_different_sounds_apart():
    assert phonetic_key("Atlas") != phonetic_key("Dallas")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Atlas", "latin"),
        ("أطلس", "arabic"),
        ("Atlas أطلس", "mixed"),
        ("123 🙂", "other"),
        ("Москва", "other"),
        ("", "other"),
    ],
)
def test_script_of_names_the_script(text, expected):
    assert script_of(text) == expected


def test_strip_accents_leaves_arabic_letters():
    assert strip_accents("éأ") == "eأ"


def test_normalize_text_keeps_legal_words():
    assert normalize_text("Vêtements de SA ") == "vetements de sa"


# Cheap examples: more than the profile's dozen, and as many as a thorough hunt asks for.
@settings(max_examples=max(100, settings.default.max_examples))
@given(st.text(max_size=300))
def test_match_keys_accept_any_unicode(text):
    keys = match_keys(text)
    assert set(keys) == {"normalized", "romanized", "phonetic", "skeleton", "sound", "fold"}
    assert all(isinstance(value, str) for value in keys.values())


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("Ennour", "النور"),  # the article assimilated to a sun letter
        ("Essaada", "السعادة"),
        ("Eddahab", "الذهب"),
        ("Al Fath", "الفتح"),  # the article as a word; th for ت then ح
        ("El Houda", "الهدى"),  # alif maqsura
        ("Hayat", "حياة"),  # ta marbuta after alif read t
        ("Ilyas", "إلياس"),  # hamza under alif: not an article
        ("Sanaa", "سناء"),  # final hamza
        ("Agadir", "أكادير"),  # kaf read g
        ("Dar Salam", "دار السلام"),  # the article left out in Latin
        ("Driss", "إدريس"),  # the Moroccan spelling drops the first vowel
    ],
)
def test_sound_key_meets_across_scripts(latin, arabic):
    assert sound_key(latin) == sound_key(arabic)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Techno-Vert", "TECHNOVERT"),
        ("Abou Bakr", "Aboubakr"),
        ("Noor", "Nour"),
        ("Shams", "Chams"),
        ("Djamila", "Jamila"),
        ("Qamar", "Kamar"),
        ("Mustafa", "Moustapha"),
    ],
)
def test_sound_key_meets_for_spacing_and_spelling_habits(one, other):
    assert sound_key(one) == sound_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("Essaada", "Essalama"), ("Karim", "Kamal"), ("النجمة", "النخيل"), ("Hayat", "Hind")],
)
def test_sound_key_keeps_different_words_apart(one, other):
    assert sound_key(one) != sound_key(other)


def test_sound_words_fold_vowels_for_the_ranking():
    assert sound_words("Dunya El Wafa") == [("dunya", "dn", "dunia"), ("wafa", "f", "uafa")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("El Houda", [("huda", True)]),  # the article as a word, ou folded
        ("الهدى", [("hda", True)]),  # the short u unwritten, alif maqsura read a
        ("Ennour", [("nur", True)]),  # the article assimilated to a sun letter
        ("Alhoucima", [("husima", True)]),  # the article glued
        ("Baraka", [("baraka", False)]),
        ("بركة", [("brka", False)]),  # ta marbuta read a
        ("حياة", [("hiat", False)]),  # ta marbuta after alif read t
        ("سعاد", [("s'ad", False)]),  # ain kept: a Latin spelling writes it as a vowel or not
        ("Crém", [("krem", False)]),  # e stays e: ي is written i
        ("Chaimae", [("chaima'", False)]),  # a final ae: the hamza of شيماء
        ("شيماء", [("chima'", False)]),
        ("Saada", [("sa'da", False)]),  # a doubled a: the ain of سعادة
        ("Imane", [("iman", False)]),  # a mute final e
        ("إيمان", [("iman", False)]),  # a hamza seat and its long vowel are one
        ("تتاصي", [("ttasi", False)]),  # two letters alike are two consonants in Arabic
        ("Al Assala", [("asala", True)]),  # after a separate article, no other one
        ("Dunya El Wafa", [("dunia", False), ("uafa", True)]),
    ],
)
def test_fold_words_set_the_article_aside_and_fold_the_vowels(text, expected):
    assert fold_words(text) == expected


def test_fold_words_follow_the_words_sound_words_keeps():
    text = "Aicha Délices du Maroc SARL"
    assert len(fold_words(text)) == len(sound_words(text)) == 4


@pytest.mark.parametrize(
    ("one", "other"),
    [("Noor", "Nour"), ("Dunya", "Dounia"), ("Techno-Vert", "TECHNOVERT"), ("Houda", "هودا")],
)
def test_fold_key_meets_for_spelling_habits_and_spacing(one, other):
    assert fold_key(one) == fold_key(other)


def test_fold_key_runs_the_words_together():
    assert fold_key("Dunya El Wafa") == "duniauafa"
    assert fold_key("") == ""
