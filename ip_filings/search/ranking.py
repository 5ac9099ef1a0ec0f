"""The prior-mark search's words: how the ranking reads a mark, word by word.

Each word carries its cross-script sound code and its spelling with the vowels folded
(carres.sound.sound_words); the query's words also their romanised form, sent to the
candidate SQL (its distinctive part, CTE `dq`). pg_trgm's similarity is computed here too,
for the keys that only exist at ranking time.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from carres.sound import analysed_words
from carres.text import match_keys, romanize


@dataclass(frozen=True)
class Word:
    """One word of a mark as the ranking reads it."""

    normalized: str
    sound: str  # cross-script sound code (carres.sound.sound_words)
    folded: str  # spelling with its vowels folded
    romanized: str
    cross: str = ""  # the fold the other script is compared with (carres.sound.fold_words)
    article: bool = False  # written with the article (ال, al-, el-, Ess-, Enn-...)


@lru_cache(maxsize=8192)
def mark_words(text, *, romanized=False):
    """The words of a mark (a tuple of Word); their romanised forms only when asked (the
    query's: the candidates' are never read). Cached: the ranking reads the same marks
    again and again (the common words' shortest marks)."""
    return tuple(
        Word(normalized, sound, folded, romanize(normalized) if romanized else "", cross, article)
        for normalized, sound, folded, cross, article in analysed_words(text)
    )


def query_keys(query):
    """match_keys(query) and its words (for the distinctive part and the ranking)."""
    keys = match_keys(query)
    keys["words"] = list(mark_words(query, romanized=True))
    return keys


@lru_cache(maxsize=8192)
def _trigrams(text):
    """pg_trgm's trigrams of a text: each word padded with two spaces before, one after.
    Cached (a frozenset): one side is the query's, the same for every candidate."""
    grams = set()
    for word in text.split():
        padded = f"  {word} "
        grams.update(padded[index : index + 3] for index in range(len(padded) - 2))
    return frozenset(grams)


def trigram_similarity(one, other):
    """pg_trgm's similarity(), in Python, for the keys computed at ranking time."""
    one, other = _trigrams(one), _trigrams(other)
    if not one or not other:
        return 0.0
    return len(one & other) / len(one | other)


def compact_sound(words):
    """The words' sound codes run together, as carres.sound.sound_key runs them."""
    sound = "".join(word.sound for word in words)
    return re.sub(r"(.)\1+", r"\1", re.sub(r"([td])h", r"\1", sound))


def compact_fold(words):
    """The words' folded spellings run together, doubled letters single."""
    return re.sub(r"(.)\1+", r"\1", "".join(word.folded for word in words))


# Function words: never what tells two marks apart ("Aicha Délices du Maroc").
FUNCTION_WORDS = frozenset({"de", "du", "des", "d", "la", "le", "les", "et", "the", "of", "and"})


def distinctive(words, generic):
    """The words that are neither generic nor function words (all of them when every word is)."""
    return [
        word
        for word in words
        if word.normalized not in generic and word.normalized not in FUNCTION_WORDS
    ] or words


# The weighted edit that turns a Latin spelling into the Arabic writing of the same word
# (both folded, carres.sound.fold_words): a Latin vowel Arabic does not write is a short
# vowel (cheap); an Arabic long vowel the Latin spelling lacks, or another vowel, costs
# more; a consonant added, dropped or changed costs most.
_FOLD_VOWELS = frozenset("aeiu")
SHORT_VOWEL_COST = 0.25
LONG_VOWEL_COST = 0.6
VOWEL_CHANGE_COST = 0.4


# ain or hamza (written ' in the folds) is a vowel, a doubled vowel or nothing in a Latin
# spelling ("Saada" / سعادة, "Souad" / سعاد)
AIN_AS_VOWEL_COST = 0.2
AIN_UNWRITTEN_COST = 0.5


def _added_cost(char):
    if char == "'":
        return AIN_UNWRITTEN_COST
    return LONG_VOWEL_COST if char in _FOLD_VOWELS else 1.0


def _dropped_cost(char):
    if char == "'":
        return AIN_AS_VOWEL_COST
    return SHORT_VOWEL_COST if char in _FOLD_VOWELS else 1.0


def _change_cost(one, other):
    if one == other:
        return 0.0
    if "'" in (one, other) and (one in _FOLD_VOWELS or other in _FOLD_VOWELS):
        return AIN_AS_VOWEL_COST
    if one in _FOLD_VOWELS and other in _FOLD_VOWELS:
        return VOWEL_CHANGE_COST
    return 1.0


def _edit_cost(latin, arabic):
    previous = [0.0]
    for char in arabic:
        previous.append(previous[-1] + _added_cost(char))
    for one in latin:
        dropped = _dropped_cost(one)
        current = [previous[0] + dropped]
        for index, other in enumerate(arabic):
            change = _change_cost(one, other)
            added = _added_cost(other)
            current.append(
                min(
                    previous[index] + change,
                    previous[index + 1] + dropped,
                    current[index] + added,
                )
            )
        previous = current
    return previous[-1]


@lru_cache(maxsize=16384)
def cross_script_cost(latin, arabic):
    """The weighted edits from a Latin spelling to an Arabic one (folded, run together):
    0 when the letters are the same, 0.25 per short vowel only the Latin spelling writes
    ("Karim" / كريم: 0.25, "Crem" / كريم: 0.4, "Fath" / فاتحا, a long a unwritten: 0.6)."""
    return _edit_cost(latin[:40], arabic[:40])


def cross_script_closeness(latin, arabic):
    """0..1: cross_script_cost relative to the spellings' length (1: the same letters)."""
    if not latin or not arabic:
        return 0.0
    return max(0.0, 1 - cross_script_cost(latin, arabic) / max(len(latin), len(arabic)))


def compact_cross(words):
    """The words' cross-script folds run together (as carres.sound.fold_key)."""
    return "".join(word.cross for word in words)


def same_article(one, other):
    """Do both word lists carry the article on their first word, or neither?"""
    return bool(one) and bool(other) and one[0].article == other[0].article
