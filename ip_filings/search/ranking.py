"""The prior-mark search's words: how the ranking reads a mark, word by word.

Each word carries its cross-script sound code and its spelling with the vowels folded
(carres.sound.sound_words); the query's words also their romanised form, sent to the
candidate SQL (its distinctive part, CTE `dq`). pg_trgm's similarity is computed here too,
for the keys that only exist at ranking time.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from carres.sound import sound_words
from carres.text import match_keys, romanize


@dataclass(frozen=True)
class Word:
    """One word of a mark as the ranking reads it."""

    normalized: str
    sound: str  # cross-script sound code (carres.sound.sound_words)
    folded: str  # spelling with its vowels folded
    romanized: str


@lru_cache(maxsize=8192)
def mark_words(text, *, romanized=False):
    """The words of a mark (a tuple of Word); their romanised forms only when asked (the
    query's: the candidates' are never read). Cached: the ranking reads the same marks
    again and again (the common words' shortest marks)."""
    return tuple(
        Word(normalized, sound, folded, romanize(normalized) if romanized else "")
        for normalized, sound, folded in sound_words(text)
    )


def query_keys(query):
    """match_keys(query) and its words (for the distinctive part and the ranking)."""
    keys = match_keys(query)
    keys["words"] = list(mark_words(query, romanized=True))
    return keys


def _trigrams(text):
    """pg_trgm's trigrams of a text: each word padded with two spaces before, one after."""
    grams = set()
    for word in text.split():
        padded = f"  {word} "
        grams.update(padded[index : index + 3] for index in range(len(padded) - 2))
    return grams


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


def distinctive(words, generic):
    """The words that are not generic (all of them when every word is)."""
    return [word for word in words if word.normalized not in generic] or words
