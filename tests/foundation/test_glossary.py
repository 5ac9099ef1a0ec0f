"""The catalogues speak the glossary's words (docs/glossary.md), and one French string has one
translation per language.

gettext merges every catalogue of a language into one: when two apps translate the same msgid
differently, one of them silently loses everywhere (a region's "nom" was shown as a person's
family name, الاسم العائلي, because the accounts catalogue won). Different meanings take a
context (`pgettext`), the same meaning takes the same words.
"""

import re
from collections import defaultdict

import polib
import pytest
from django.utils import translation

from tests.conftest import BASE_DIR
from tests.foundation.test_translations import catalogues

GLOSSARY = BASE_DIR / "docs" / "glossary.md"
ARABIC_ARTICLE = re.compile(r"(^|\s)(?:ال|لل)(?=\w)")
DIACRITICS = re.compile("[\u064b-\u0652\u0640]")  # harakat and tatweel


def glossary():
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] in ("fr", "") or set(cells[0]) <= {"-"}:
            continue
        fr, ar, en, never, _notes = cells
        rows.append(
            {
                "fr": fr,
                "ar": [form.strip() for form in ar.split("/")],
                "en": [form.strip() for form in en.split("/")],
                "never": [form.strip() for form in never.split("/") if form.strip()],
            }
        )
    return rows


def arabic_key(text):
    """Compared without the definite article, diacritics or tatweel."""
    return ARABIC_ARTICLE.sub(r"\1", DIACRITICS.sub("", text)).strip()


def entries(language):
    for path in catalogues():
        if path.parts[-3] != language:
            continue
        for entry in polib.pofile(str(path)):
            if not entry.obsolete and entry.msgstr:
                yield path, entry


def test_glossary_has_every_domain_term_in_three_languages():
    rows = glossary()
    french = [row["fr"] for row in rows]
    assert len(french) == len(set(french))
    for row in rows:
        assert all(row["ar"]) and all(row["en"]), row
    for term in (
        "dossier",
        "pré-dépôt",
        "revendication",
        "examinateur",
        "déposant",
        "opposition",
        "classe de Nice",
        "double authentification",
        "relais",
        "caravane",
        "registre des marques",
        "certificat",
        "conseiller",
        "chambre",
        "demande d'accompagnement",
        "session de formation",
        "liste d'attente",
    ):
        assert term in french


@pytest.mark.parametrize("language", ["ar", "en"])
def test_catalogue_entries_that_are_a_term_use_the_glossary(language):
    """An entry whose French is a term (any case, singular or with an s) uses one of the
    term's forms."""
    terms = {}
    for row in glossary():
        for french in (row["fr"], row["fr"] + "s"):
            terms.setdefault(french.casefold(), row)
    wrong = []
    for path, entry in entries(language):
        row = terms.get(entry.msgid.casefold())
        if row is None or entry.msgctxt:
            continue
        if language == "ar":
            found = any(arabic_key(form) in arabic_key(entry.msgstr) for form in row["ar"])
        else:
            found = any(form.casefold() in entry.msgstr.casefold() for form in row["en"])
        if not found:
            wrong.append(f"{path.relative_to(BASE_DIR)}: {entry.msgid!r} → {entry.msgstr!r}")
    assert wrong == []


def test_no_term_uses_a_word_the_glossary_rules_out():
    terms = {}
    for row in glossary():
        for french in (row["fr"], row["fr"] + "s"):
            terms.setdefault(french.casefold(), row)
    wrong = [
        f"{path.relative_to(BASE_DIR)}: {entry.msgid!r} → {entry.msgstr!r}"
        for path, entry in entries("ar")
        if not entry.msgctxt and entry.msgid.casefold() in terms
        for form in terms[entry.msgid.casefold()]["never"]
        if form in entry.msgstr
    ]
    assert wrong == []


def read(key):
    """What gettext answers for a key of the merged catalogue ("context\x04msgid" or msgid)."""
    if "\x04" in key:
        return translation.pgettext(*key.split("\x04", 1))
    return translation.gettext(key)


def test_arabic_pages_never_read_a_ministry_for_two_factor_authentication():
    """allauth's own Arabic catalogue expands "MFA" to وزارة الخارجية (Ministry of Foreign
    Affairs): the site's catalogue overrides it, and nothing Arabic pages read says it."""
    with translation.override("ar"):
        catalog = translation.trans_real.translation("ar")._catalog
        # The merged catalogue keeps every layer; what is read is what gettext answers.
        found = [
            key
            for key, value in catalog.items()
            if isinstance(key, str) and "وزارة الخارجية" in value and "وزارة الخارجية" in read(key)
        ]
        assert found == []
        assert translation.gettext("MFA") == "المصادقة الثنائية"
    with translation.override("en"):
        assert translation.gettext("MFA") == "Two-factor authentication"


@pytest.mark.parametrize("language", ["ar", "en"])
def test_one_french_string_has_one_translation(language):
    translations = defaultdict(dict)
    for path, entry in entries(language):
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
        value = entry.msgstr or str(sorted(entry.msgstr_plural.items()))
        translations[key][str(path.relative_to(BASE_DIR))] = value
    conflicts = {key: found for key, found in translations.items() if len(set(found.values())) > 1}
    assert conflicts == {}
