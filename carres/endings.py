"""Plural and gender endings folded away (pure functions, no Django).

Applied to words already through `carres.text.normalize_mark` (case folded, accents
stripped, Arabic letter variants unified, ة written ه), so that the forms of one word
meet: "Digitale", "Digitaux" and "Digitals" read "digital", "Nouvelles" reads "nouvel",
"الرقمية" reads "الرقمي", "خدمات" and "خدمة" read "خدم". It is a comparison key, not a
stemmer: two spellings that fold to the same key are the same word once endings are set
aside, which is how the register judges company names ("Atlas Digitale" is "Atlas Digital").
A stem is never left shorter than three letters, so short words keep their ending, and
an s after a, i, o or u is part of the word (Atlas, Paris).
"""

import re

MIN_STEM = 3
_DOUBLED_END = re.compile(r"([^\W\d_])\1$")


def _collapse(word):
    return _DOUBLED_END.sub(r"\1", word)


def _fold_latin(word):
    if word.endswith("aux") and not word.endswith("eaux") and len(word) - 3 >= MIN_STEM:
        return word[:-3] + "al"  # généraux -> general, digitaux -> digital
    word = _collapse(word)  # Atlass -> Atlas
    # A plural s follows a consonant or an e (services, produits, conseils); after another
    # vowel it belongs to the word (Atlas, Paris, Souss). A plural x follows u (bureaux, jeux).
    plural = (word[-1] == "s" and word[-2:-1] not in ("a", "i", "o", "u")) or word.endswith("ux")
    if plural and len(word) - 1 >= MIN_STEM:
        word = word[:-1]
    if word.endswith("e") and len(word) - 1 >= MIN_STEM:
        word = word[:-1]
    return _collapse(word)  # nouvell(e) -> nouvel


def _fold_arabic(word):
    if word.endswith("ات") and len(word) - 2 >= MIN_STEM:
        return word[:-2]  # plural: خدمات -> خدم
    if word.endswith("ه") and len(word) - 1 >= MIN_STEM:
        return word[:-1]  # feminine ta marbuta (folded to ه): الرقميه -> الرقمي
    return word


def fold_ending(word):
    """One normalised word without its plural or feminine ending."""
    if not word or not word.isalpha():
        return word  # digits, codes: kept as typed
    if "\u0600" <= word[-1] <= "\u06ff":
        return _fold_arabic(word)
    if word.isascii():
        return _fold_latin(word)
    return word


def fold_endings(normalized):
    """Every word of a normalised text without its plural or feminine ending."""
    return " ".join(fold_ending(word) for word in normalized.split())
