"""The cross-script sound key of a mark (pure functions, no Django).

Built on carres.text's helpers; `match_keys` (carres.text) stores `sound_key` on the
register, and the prior-mark search ranks with `sound_words`.
"""

import re
from functools import lru_cache

from carres.text import NOISE_WORDS, _base, _fold_arabic, _words, is_arabic_char, strip_accents

# --- the cross-script sound key ----------------------------------------------------------
# One consonant code per word, the same for a Latin spelling and the Arabic writing of a
# word: the article (al-, el-, and its assimilated forms Ess-, Ett-, Enn-... or ال) is
# dropped, short vowels (which Arabic does not write) and long ones are dropped, letters
# that the two scripts (or French and English habits) spell differently meet:
# "Ennour" / "النور" -> "nr", "Al Fath" / "الفتح" -> "ft", "Hayat" / "حياة" -> "ht".

# Arabic letter -> sound consonant ("" for vowels, hamza and ain, which Moroccan French
# spellings write as a vowel or not at all). C: ch/sh, G: gh; g is merged with k (ك is
# g in Agadir / أكادير).
_SOUND_ARABIC = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "k", "د": "d", "ذ": "d",
    "ر": "r", "ز": "s", "س": "s", "ش": "C", "ص": "s", "ض": "d", "ط": "t", "ظ": "d",
    "غ": "G", "ف": "f", "ق": "k", "ك": "k", "ک": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "ھ": "h", "ہ": "h", "گ": "k", "ڭ": "k", "ڤ": "f", "پ": "b", "چ": "C",
    "ژ": "j",
}  # fmt: skip
_ARABIC_ARTICLES = ("ال", "ٱل")
_SOUND_LATIN_DIGRAPHS = [
    ("sch", "C"),
    ("ch", "C"),
    ("sh", "C"),
    ("kh", "k"),
    ("gh", "G"),
    ("ph", "f"),
    ("dj", "j"),
    ("qu", "k"),
    ("ck", "k"),
]
_SOUND_LATIN_LETTERS = str.maketrans(
    {"q": "k", "x": "ks", "z": "s", "p": "b", "v": "f", "g": "k", "c": "k"}
    | dict.fromkeys("aeiouwy", "")
)
# Latin articles: a separate word, glued before a consonant other than l ("Elbaraka",
# "Alhoucima"), or assimilated to a sun letter ("Ennour", "Essaada", "Echchourouk").
# (C and G: ch/sh and gh, already folded when these apply)
_LATIN_ARTICLE_WORDS = frozenset(
    {"al", "el", "l", "ad", "ed", "an", "en", "ar", "er", "as", "es", "at", "et", "az", "ez"}
)
_LATIN_GLUED_ARTICLE = re.compile(r"^[ae]l(?=[b-df-hj-km-np-tv-zCG][a-zCG]{2})")
_LATIN_SUN_ARTICLE = re.compile(r"^[ae](?:C(?=C?[a-zCG]{2})|([tdrzsn])(?=\1[a-zCG]{2}))")
# Letters that follow each other in the consonant code: t+h and d+h are one letter in a
# Latin spelling (th, dh) and two in an Arabic word (تح): read both as the first.
_SOUND_PAIRS = re.compile(r"([td])h")


def _sound_of_arabic_word(word):
    for article in _ARABIC_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            word = word[len(article) :]
            break
    out = []
    for index, char in enumerate(word):
        if char == "ة":
            # ta marbuta is read "t" after a long a (حياة: Hayat, نجاة: Najat)
            out.append("t" if index and word[index - 1] == "ا" else "")
        elif char in "هھہ" and index == len(word) - 1 and index > 1:
            out.append("")  # ta marbuta written ha: زهره
        else:
            out.append(_SOUND_ARABIC.get(char, "" if is_arabic_char(char) else char))
    return "".join(out)


def _sound_of_latin_word(word):
    for digraph, replacement in _SOUND_LATIN_DIGRAPHS:
        word = word.replace(digraph, replacement)
    word = _article_free_latin(word)
    word = re.sub(r"g(?=[eiy])", "j", word)  # Gîte: Jite
    word = re.sub(r"c(?=[eiy])", "s", word)
    return word.translate(_SOUND_LATIN_LETTERS)


def _fold_latin_vowels(word):
    """The word with its vowels kept but folded (ou, oo, u, w -> u; e, i, y -> i): the
    ranking reads "Noor" as "Nour" and "Dunya" as "Dounia"."""
    for digraph, replacement in (*_SOUND_LATIN_DIGRAPHS, ("ou", "u"), ("oo", "u")):
        word = word.replace(digraph, replacement)
    word = re.sub(r"c(?=[eiy])", "s", _article_free_latin(word))
    word = re.sub(r"(?<=[a-z]{2}[na])e$", "", word)  # a mute final e: Imane, Hanae
    word = word.translate(
        str.maketrans({"w": "u", "o": "u", "e": "i", "y": "i", "q": "k", "z": "s", "p": "b"})
        | str.maketrans({"v": "f", "c": "k"})
    )
    return re.sub(r"(.)\1+", r"\1", word.replace("C", "ch").replace("G", "gh"))


_ARABIC_VOWEL_FOLD = {"ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "و": "u", "ؤ": "u",
                      "ي": "i", "ى": "a", "ئ": "i", "ة": "a", "ع": "", "ء": ""}  # fmt: skip


def _fold_arabic_word(word, *, ain="", cross=False):
    for article in _ARABIC_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            word = word[len(article) :]
            break
    out = []
    for index, char in enumerate(word):
        if char == "ة" and index and word[index - 1] == "ا":
            out.append("t")  # Hayat, Najat
        elif char == "ع" or (char == "ء" and cross):
            out.append(ain)
        elif char in _ARABIC_VOWEL_FOLD:
            out.append(_ARABIC_VOWEL_FOLD[char])
        else:
            sound = _SOUND_ARABIC.get(char, "")
            out.append({"C": "ch", "G": "gh"}.get(sound, sound))
    if cross:
        # two consonants alike are two in Arabic writing (shadda is not written); a hamza
        # seat and its long vowel are one (إيمان: Iman)
        return re.sub(r"([aiu])\1+", r"\1", "".join(out))
    return re.sub(r"(.)\1+", r"\1", "".join(out))


def _article_free_latin(word):
    word = _LATIN_SUN_ARTICLE.sub(lambda match: match.group(1) or "", word, count=1)
    return _LATIN_GLUED_ARTICLE.sub("", word, count=1)


def _has_article(raw):
    """Does this word carry the article (ال, or a Latin el-, al-, Ess-, Enn-... glued)?"""
    if any(is_arabic_char(char) for char in raw):
        return any(raw.startswith(a) and len(raw) - len(a) >= 2 for a in _ARABIC_ARTICLES)
    word = raw
    for digraph, replacement in _SOUND_LATIN_DIGRAPHS:
        word = word.replace(digraph, replacement)
    return _article_free_latin(word) != word


def _cross_fold_latin(word, *, article=True):
    """The folded spelling the other script is compared with: as _fold_latin_vowels, but
    e stays e (Arabic writes a long i as ي, which Moroccan French spells i, not e: كريم is
    "Karim" rather than "Crem")."""
    for digraph, replacement in (*_SOUND_LATIN_DIGRAPHS, ("ou", "u"), ("oo", "u")):
        word = word.replace(digraph, replacement)
    word = re.sub(r"c(?=[eiy])", "s", _article_free_latin(word) if article else word)
    # a doubled a, or a final ae, is how Moroccan French writes ain or hamza (Saada:
    # سعادة, Sanaa: سناء, Wafae: وفاء), written ' as in the Arabic fold
    word = re.sub(r"ae$", "a'", word.replace("aa", "a'"))
    word = re.sub(r"(?<=[a-z]{2}n)e$", "", word)  # a mute final e: Imane
    word = word.translate(
        str.maketrans({"w": "u", "o": "u", "y": "i", "q": "k", "z": "s", "p": "b", "v": "f"})
        | str.maketrans({"c": "k"})
    )
    return re.sub(r"(.)\1+", r"\1", word.replace("C", "ch").replace("G", "gh"))


def analysed_words(text):
    """[(normalised word, sound code, folded spelling, cross-script fold, article)] for the
    mark's words, legal-form words and separate articles left out (unless nothing else is
    left); `article` is true for the word after a separate article, or with one glued."""
    words = []
    after_article = False
    for raw in _words(strip_accents(_base(text))):
        words.append(_analysed_word(raw, after_article))
        after_article = words[-1][0] in _LATIN_ARTICLE_WORDS
    kept = [
        word
        for word in words
        if word[0] not in NOISE_WORDS and not (word[0] in _LATIN_ARTICLE_WORDS and len(words) > 1)
    ]
    return kept or words


@lru_cache(maxsize=32768)
def _analysed_word(raw, after_article):
    """One word's keys (see analysed_words). Cached: the ranking reads the words of a few
    hundred marks per search, and a register's words repeat ("nour", "atlas", "food")."""
    normalized = _fold_arabic(raw)
    if any(is_arabic_char(char) for char in raw):
        sound = _sound_of_arabic_word(raw)
        folded = _fold_arabic_word(raw)
        # ain and hamza kept (as '): a Latin spelling writes them as a vowel or not
        cross = _fold_arabic_word(raw, ain="'", cross=True)
    else:
        sound = _sound_of_latin_word(raw)
        folded = _fold_latin_vowels(raw)
        # after a separate article ("Al Assala"), the word's own first letters are its
        cross = _cross_fold_latin(raw, article=not after_article)
    sound = re.sub(r"(.)\1+", r"\1", _SOUND_PAIRS.sub(r"\1", sound))
    return (normalized, sound, folded, cross, after_article or _has_article(raw))


def sound_words(text):
    """[(normalised word, sound code, folded spelling)] for each word of the mark, legal-form
    words and separate articles left out (unless nothing else is left)."""
    return [word[:3] for word in analysed_words(text)]


def fold_words(text):
    """[(cross-script fold, article)] for the words sound_words keeps: the spelling with the
    article set aside, vowels kept and folded (ou, oo, u, w -> u; i, y -> i; Arabic: the
    long vowels it writes), the letters both scripts spell differently merged. "Houda" is
    "huda", الهدى "hda" (its short u unwritten), both with no article for the first and
    one for the second."""
    return [(cross, article) for *_first, cross, article in analysed_words(text)]


def fold_key(text):
    """The cross-script folds of the mark's words run together (stored on the register: the prior-mark search orders the other script's marks that
    sound alike by how their spellings align with the query's)."""
    return "".join(cross for cross, _article in fold_words(text))


def sound_key(text):
    """The sound codes of the mark's words, run together: spacing does not count either
    ("Techno-Vert" and "TECHNOVERT", "Ennour" and "النور" meet)."""
    compact = "".join(sound for _word, sound, _folded in sound_words(text))
    return re.sub(r"(.)\1+", r"\1", _SOUND_PAIRS.sub(r"\1", compact))


# --- sound-code variants of a query --------------------------------------------------------
# Spellings of one sound that the key cannot merge without merging different words too:
# a Spanish-style initial x is ch or sh ("Xauen" / "Chaouen"), a Latin h at the start of
# a word writes خ as well as ح ("Hamsa" / "Khamsa" / خمسة), and kh may be written h. The
# search asks for these variants' sound codes as extra doors and scores what they find as
# sound-alikes. (ح is not read خ: a Latin kh always writes خ.)
_LATIN_VARIANTS = (
    (re.compile(r"\bx(?=[aeiouy])"), "ch"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"\bh(?=[aeiou])"), "kh"),
)
_ARABIC_VARIANTS = ((re.compile("خ"), "ح"),)
MAX_VARIANTS = 4


def spelling_variants(text):
    """The query rewritten with each variant rule that changes its sound key (at most
    MAX_VARIANTS, in rule order): "Xauen" -> ["chauen"], "Hamsa" -> ["khamsa"],
    "Khamsa" -> ["hamsa"], "خمسة" -> ["حمسة"]."""
    base = strip_accents(_base(text))
    arabic = any(is_arabic_char(char) for char in base)
    rules = _ARABIC_VARIANTS if arabic else _LATIN_VARIANTS
    own = sound_key(text)
    variants = {}
    for pattern, replacement in rules:
        variant = pattern.sub(replacement, base)
        key = sound_key(variant) if variant != base else own
        if key and key != own and key not in variants:
            variants[key] = variant
    return list(variants.values())[:MAX_VARIANTS]


def fold_variants(text):
    """The Latin query's fold (fold_key) with a mute final e added or dropped, which the
    fold keeps but after n: "Warzazat" ("uarsasat") meets "Ouarzazate" ("uarsasate")."""
    if any(is_arabic_char(char) for char in text):
        return []
    key = fold_key(text)
    if len(key) < 4:
        return []
    if key.endswith("e"):
        return [key[:-1]]
    return [] if key[-1] in "aiu'" else [key + "e"]
