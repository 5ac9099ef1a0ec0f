"""Company names, normalised for comparison (the certificat négatif question).

`normalize_name` gives the key two names share when the register would call them
identical: case, accents, punctuation, spacing, Arabic letter variants and the
legal-form words (SARL, SA, SAS, société...) do not count. `phonetic_key` is
coarser: names that sound alike, in Latin or Arabic script, share it.
"""

from carres.text import NOISE_WORDS, consonant_skeleton, normalize_mark

# Company legal-form words beyond those carres.text already drops from marks
# (it joins "S.A.R.L." and "ش.م.م" into one word before comparing).
LEGAL_FORM_WORDS = NOISE_WORDS | {"au", "sarlau", "sca", "gie", "شممذ", "ذمم", "مساهمه"}


def normalize_name(name):
    """The comparison key: 'Atlas-Innov S.A.R.L.' and 'ATLAS INNOV' both give 'atlas innov'.

    Built on the trademark normaliser (case, Latin accents, punctuation, Arabic letter
    variants and vowel marks), then the company legal-form words are dropped."""
    words = normalize_mark(name).split()
    return " ".join([w for w in words if w not in LEGAL_FORM_WORDS] or words)


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


def phonetic_key(name):
    """Cross-script consonant skeleton of each distinctive word (carres.text):
    'Atlass Inov' and 'أطلس إنوف' meet."""
    return " ".join(
        key for key in (consonant_skeleton(word) for word in distinctive_name(name).split()) if key
    )
