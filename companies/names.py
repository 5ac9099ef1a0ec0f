"""Company names, normalised for comparison (the certificat négatif question).

`normalize_name` gives the key two names share when the register would call them
identical: case, accents, punctuation, spacing, Arabic letter variants and the
legal-form words (SARL, SA, SAS, société...) do not count. `phonetic_key` is
coarser: names that sound alike, in Latin or Arabic script, share it.
"""

import re
import unicodedata

# Legal-form words and their common spellings, removed wherever they stand.
LEGAL_FORM_WORDS = {
    "sarl",
    "sarlau",
    "sarl au",
    "au",
    "sa",
    "sas",
    "sasu",
    "snc",
    "scs",
    "sca",
    "gie",
    "ste",
    "societe",
    "company",
    "co",
    "ltd",
    "llc",
    "inc",
    "شركة",
    "ش",
    "م",
    "ذ",
    "ذمم",
    "ش م م",
    "ش م",
    "مساهمة",
}

ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
ARABIC_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ه",
        "ڤ": "ف",
        "گ": "ك",
        "ک": "ك",
        "ی": "ي",
    }
)
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
NON_WORD = re.compile(r"[^\w]+")


def _fold(text):
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = ARABIC_DIACRITICS.sub("", text).translate(ARABIC_LETTERS).translate(ARABIC_DIGITS)
    # Strip Latin accents (é → e) but leave Arabic letters whole.
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return NON_WORD.sub(" ", text.replace("_", " ").replace("&", " et ")).split()


def _without_legal_words(words):
    kept = [w for w in words if w not in LEGAL_FORM_WORDS]
    # "S.A.R.L." arrives as single letters: drop runs of them that spell a form.
    joined = " ".join(kept)
    for form in ("s a r l a u", "s a r l", "s a s", "s n c", "s c s", "s a"):
        joined = re.sub(rf"(^| ){form}( |$)", " ", joined)
    return joined.split() or words


def normalize_name(name):
    """The comparison key: 'Atlas-Innov S.A.R.L.' and 'ATLAS INNOV' both give 'atlas innov'."""
    return " ".join(_without_legal_words(_fold(name)))


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


def distinctive_name(name):
    """The normalised name without its generic words (or whole, if nothing else is left):
    what trigram and phonetic closeness are measured on."""
    words = normalize_name(name).split()
    kept = [w for w in words if w not in GENERIC_WORDS and w.rstrip("s") not in GENERIC_WORDS]
    return " ".join(kept or words)


# A rough Arabic → Latin transliteration, so "أطلس" and "Atlas" can meet phonetically.
ARABIC_TO_LATIN = str.maketrans(
    {
        "ا": "a",
        "ب": "b",
        "ت": "t",
        "ث": "t",
        "ج": "j",
        "ح": "h",
        "خ": "k",
        "د": "d",
        "ذ": "d",
        "ر": "r",
        "ز": "z",
        "س": "s",
        "ش": "ch",
        "ص": "s",
        "ض": "d",
        "ط": "t",
        "ظ": "z",
        "ع": "a",
        "غ": "g",
        "ف": "f",
        "ق": "k",
        "ك": "k",
        "ل": "l",
        "م": "m",
        "ن": "n",
        "ه": "h",
        "و": "w",
        "ي": "y",
        "ء": "",
    }
)
PHONETIC_RULES = [
    ("ph", "f"),
    ("ch", "s"),
    ("sh", "s"),
    ("ou", "w"),
    ("qu", "k"),
    ("q", "k"),
    ("c", "k"),
    ("x", "ks"),
    ("z", "s"),
    ("v", "f"),
    ("p", "b"),
    ("j", "g"),
    ("y", "i"),
    ("w", "u"),
]


def phonetic_key(name):
    """Consonant skeleton of the distinctive name: 'Atlass Inov' and 'أطلس إنوف' share 'tls nf'."""
    words = []
    for word in distinctive_name(name).translate(ARABIC_TO_LATIN).split():
        for old, new in PHONETIC_RULES:
            word = word.replace(old, new)
        word = re.sub(r"[aeiouh]", "", word)
        word = re.sub(r"(.)\1+", r"\1", word)
        if word:
            words.append(word)
    return " ".join(words)
