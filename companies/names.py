"""Company names, normalised for comparison (the certificat négatif question).

`normalize_name` gives the key two names share when the register would call them
identical: case, accents, punctuation, spacing, Arabic letter variants and the
legal-form words (SARL, SA, SAS, société...) do not count. `phonetic_key` is
coarser: names that sound alike, in Latin or Arabic script, share it.
"""

import re

from django.utils.translation import gettext as _

from carres.endings import fold_ending
from carres.text import NOISE_WORDS, consonant_skeleton, normalize_mark

# Company legal-form words beyond those carres.text already drops from marks
# (it joins "S.A.R.L." and "ش.م.م" into one word before comparing).
LEGAL_FORM_WORDS = NOISE_WORDS | {"au", "sarlau", "sca", "gie", "شممذ", "ذمم", "مساهمه"}


def _name_words(name):
    """The normalised words of the name without its legal-form words (kept if nothing else)."""
    words = normalize_mark(name).split()
    return [w for w in words if w not in LEGAL_FORM_WORDS] or words


def normalize_name(name):
    """The comparison key: 'Atlas-Innov S.A.R.L.' and 'ATLAS INNOV' both give 'atlas innov',
    'Atlas Digitale' and 'Atlas Digital' both give 'atlas digital'.

    Built on the trademark normaliser (case, Latin accents, punctuation, Arabic letter
    variants and vowel marks); the company legal-form words are dropped, then each word's
    plural or feminine ending (carres.endings)."""
    return " ".join(fold_ending(word) for word in _name_words(name))


def spelled_name(name):
    """`normalize_name` with the endings kept: tells "identical" from "differs only by endings"."""
    return " ".join(_name_words(name))


# Words that say what a company does, not who it is: two names sharing only these are
# not close (OMPIC's "one shared word" complaint). Compared without a final "s".
GENERIC_WORDS = {
    "agence",
    "agro",
    "batiment",
    "commerce",
    "conseil",
    "consulting",
    "construction",
    "developpement",
    "digital",
    "distribution",
    "energie",
    "entreprise",
    "et",
    "etude",
    "export",
    "food",
    "general",
    "generale",
    "groupe",
    "group",
    "holding",
    "immobilier",
    "import",
    "industrie",
    "informatique",
    "international",
    "invest",
    "logistique",
    "maroc",
    "media",
    "medias",
    "negoce",
    "sante",
    "service",
    "solution",
    "solar",
    "tech",
    "technologie",
    "textile",
    "tourisme",
    "transport",
    "travaux",
    "trading",
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "l",
    "d",
    "للتجارة",
    "للخدمات",
    "للنقل",
    "للبناء",
    "للاستشارات",
    "للتكنولوجيا",
    "للصناعه",
    "المغرب",
    "مجموعه",
    "و",
}


# The generic words as endings fold them: "générales", "services" are generic too.
_GENERIC_FOLDED = frozenset(fold_ending(word) for word in GENERIC_WORDS)


def distinctive_name(name):
    """The normalised name without its generic words (or whole, if nothing else is left):
    what trigram and phonetic closeness are measured on (endings kept: the phonetic key
    reads them, and "Atlas" must still meet "أطلس")."""
    words = _name_words(name)
    kept = [w for w in words if fold_ending(w) not in _GENERIC_FOLDED]
    return " ".join(kept or words)


# Words that never make a name distinctive on their own: articles and conjunctions.
_FILLER_WORDS = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "et", "al", "el", "و"})
# A tag, or the signs that open and close one: a name is text, not markup.
_MARKUP = re.compile(r"[<>]")


def non_distinctive_reason(name):
    """Why the name cannot be a company name whatever the register holds, or None: it is
    markup, or holds no distinctive word (only legal-form words, articles, single letters)."""
    if _MARKUP.search(name or ""):
        return _(
            "Indisponible : une dénomination ne peut pas contenir de balises ni les signes < et >."
        )
    words = normalize_mark(name).split()
    if words and not any(
        len(word) >= 2 and word not in LEGAL_FORM_WORDS and word not in _FILLER_WORDS
        for word in words
    ):
        return _(
            "Indisponible : une dénomination doit contenir au moins un mot distinctif ; "
            "une forme juridique (SARL, SA…), un article ou une lettre seule ne suffisent pas."
        )
    return None


def phonetic_key(name):
    """Cross-script consonant skeleton of each distinctive word (carres.text):
    'Atlass Inov' and 'أطلس إنوف' meet."""
    return " ".join(
        key for key in (consonant_skeleton(word) for word in distinctive_name(name).split()) if key
    )
