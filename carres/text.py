"""Matching keys for company names and marks, Latin or Arabic script (pure functions, no Django).

A mark is compared through four keys, each computed in Python before indexing
because PostgreSQL's `unaccent` does nothing for Arabic:

- `normalize_mark`: case folded, Latin accents stripped, Arabic vowel marks,
  tatweel and hamza seats removed, letter variants unified, punctuation and
  legal-form words dropped. Two marks with the same normalised form are the
  same mark once accents, case and punctuation are set aside.
- `romanize`: a Latin rendering that follows Moroccan French spelling habits
  (و -> ou, ش -> ch, خ -> kh, غ -> gh, ة -> a). Unvowelled Arabic does not say
  its short vowels, so only long vowels are written; the skeleton below is what
  makes the two scripts meet.
- `consonant_skeleton`: the consonants of the romanised form, with the letters
  that Arabic and French spell differently merged (p/b, v/f, c/k/q, sh/ch...):
  "Atlas" and "أطلس" both give "tls".
- `phonetic_key`: a simplified French phonetic code (ph -> f, qu -> k, soft c,
  nasal vowels, silent h and final letters, doubled letters): "Filips" and
  "Philips" meet. PostgreSQL's dmetaphone is tuned for English spelling.
- `sound_key` (carres.sound): one consonant code for a Latin spelling and the
  Arabic writing of a word, article and unwritten vowels set aside ("Ennour" and
  "النور" both read "nr"); spacing does not count.
- `fold_key` (carres.sound): the spelling with the article set aside and the vowels
  folded, long vowels only for Arabic ("Houda": "huda", الهدى: "hda"); the search orders
  the other script's marks of the same sound by how well the two spellings align.

The romaniser is written here rather than taken from PyPI: `unidecode` is GPL
and drops vowels; no maintained, permissively licensed package follows
Moroccan French spelling. Anything that is neither Latin nor Arabic passes
through unchanged (trigram matching still works on it).
"""

import re
import unicodedata

# --- character tables -------------------------------------------------------------------

# Arabic vowel marks (tashkeel), Quranic annotation marks, superscript alef, tatweel.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")

# Letter variants folded to one letter in the normalised form.
_ARABIC_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ؤ": "و",
        "ئ": "ي",
        "ء": "",
        "ة": "ه",
        "ى": "ي",
        # Persian / Urdu / Maghrebi variants
        "ک": "ك",
        "ڪ": "ك",
        "ی": "ي",
        "ې": "ي",
        "ۍ": "ي",
        "ے": "ي",
        "ہ": "ه",
        "ھ": "ه",
        "ۀ": "ه",
        "ە": "ه",
        "ڭ": "گ",  # Moroccan gaf (Agadir: أكادير / أڭادير)
        "ۋ": "ڤ",
        "ڥ": "ڤ",
        "ٮ": "ب",
        "ڡ": "ف",
        "ٯ": "ق",
    }
)

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

# Latin letters that do not decompose under NFKD.
_LATIN_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "ı": "i",
        "þ": "th",
        "ħ": "h",
    }
)

# Legal forms and generic company words: not part of the mark itself.
NOISE_WORDS = frozenset(
    {
        "sarl",
        "sarlau",
        "sa",
        "sas",
        "sasu",
        "snc",
        "scs",
        "ste",
        "societe",
        "company",
        "co",
        "corp",
        "corporation",
        "ltd",
        "llc",
        "inc",
        "gmbh",
        "plc",
        "group",
        "groupe",
        "شركه",
        "مجموعه",
        "شمم",  # ش.م.م (SARL)
    }
)

# --- helpers ---------------------------------------------------------------------------


def is_arabic_char(char):
    code = ord(char)
    return (
        0x0600 <= code <= 0x06FF
        or 0x0750 <= code <= 0x077F
        or 0x08A0 <= code <= 0x08FF
        or 0xFB50 <= code <= 0xFDFF
        or 0xFE70 <= code <= 0xFEFF
    )


def script_of(text):
    """'arabic', 'latin', 'mixed' or 'other' (no letters in either script)."""
    arabic = latin = False
    for char in text or "":
        if not char.isalpha():
            continue
        if is_arabic_char(char):
            arabic = True
        elif char.isascii() or "LATIN" in unicodedata.name(char, ""):
            latin = True
    if arabic and latin:
        return "mixed"
    if arabic:
        return "arabic"
    if latin:
        return "latin"
    return "other"


def _fold_arabic(text):
    text = _ARABIC_MARKS.sub("", text)
    return text.translate(_ARABIC_FOLD)


def strip_accents(text):
    """Remove combining marks from Latin letters (é -> e, ç -> c); Arabic letters untouched."""
    out = []
    for char in text:
        if is_arabic_char(char):
            out.append(char)
            continue
        for part in unicodedata.normalize("NFKD", char):
            if not unicodedata.combining(part):
                out.append(part)
    return "".join(out).translate(_LATIN_SPECIAL)


def _words(text):
    """Letters and digits only: punctuation, symbols and emoji become word breaks.

    Runs of single letters are joined, so that "S.A.R.L." and "I.B.M." read as one word.
    """
    cleaned = []
    for char in text:
        if char in "'’ʼ`´":
            continue  # elision: L'Étoile reads as one word
        category = unicodedata.category(char)
        cleaned.append(char if category[0] in "LN" else " ")
    words = []
    in_run = False  # the previous word was a single letter, or letters joined so far
    for word in "".join(cleaned).split():
        single = len(word) == 1 and word.isalpha()
        if single and in_run:
            words[-1] += word
        else:
            words.append(word)
            in_run = single
    return words


def _base(text):
    """NFKC (Arabic presentation forms, ligatures), case fold, Arabic marks removed."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.casefold().translate(_DIGITS)
    return _ARABIC_MARKS.sub("", text)


# --- the keys --------------------------------------------------------------------------


def normalize_mark(text):
    """The mark with case, accents, punctuation, legal-form words and Arabic variants folded."""
    text = strip_accents(_fold_arabic(_base(text)))
    words = _words(text)
    kept = [word for word in words if word not in NOISE_WORDS]
    return " ".join(kept or words)


_ROMAN = {
    "ا": "a",
    "ب": "b",
    "ت": "t",
    "ث": "t",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "d",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "ch",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "d",
    "غ": "gh",
    "ف": "f",
    "ق": "k",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ة": "a",
    "ى": "a",
    "ء": "",
    "گ": "g",
    "پ": "p",
    "ڤ": "v",
    "چ": "ch",
    "ژ": "j",
}
_ARABIC_VOWELS = {"ا", "و", "ي", "ى", "ة"}


def _romanize_arabic_word(word):
    """One Arabic word to Latin: long vowels written, short vowels not guessed."""
    if word.startswith("ال") and len(word) > 3:
        return "el" + _romanize_arabic_word(word[2:])
    out = []
    for index, char in enumerate(word):
        previous = word[index - 1] if index else ""
        following = word[index + 1] if index + 1 < len(word) else ""
        if char == "و":
            out.append("ou")
        elif char == "ي":
            # a consonant at the start of a word or between vowels, a vowel elsewhere
            at_start = index == 0 and following != ""
            between = previous in _ARABIC_VOWELS and following in _ARABIC_VOWELS
            out.append("y" if at_start or between else "i")
        elif char == "ع":
            # Moroccan French writes ain as a vowel, or not at all before a long vowel
            out.append("" if following in _ARABIC_VOWELS else "a")
        elif char == "ه" and index == len(word) - 1 and index > 1:
            out.append("a" if previous not in _ARABIC_VOWELS else "h")
        elif char == "ا" and index == 0 and following == "ي":
            out.append("a")
        else:
            out.append(_ROMAN.get(char, char))
    return "".join(out)


def romanize(text):
    """A Latin rendering of the mark (Moroccan French habits); Latin text is only normalised."""
    text = _base(text)
    # hamza seats and alif variants are read as their carrier letter
    text = text.translate(
        str.maketrans(
            {
                "أ": "ا",
                "إ": "ا",
                "آ": "ا",
                "ٱ": "ا",
                "ؤ": "و",
                "ئ": "ي",
                "ک": "ك",
                "ی": "ي",
                "ڭ": "گ",
                "ھ": "ه",
                "ہ": "ه",
            }
        )
    )
    text = strip_accents(text)
    words = []
    noise = []
    for word in _words(text):
        if _fold_arabic(word) in NOISE_WORDS:
            noise.append(len(words))
        if any(is_arabic_char(char) for char in word):
            # a word may mix scripts ("Atlasأطلس"): romanise its Arabic runs only
            runs = re.split(r"([\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]+)", word)
            word = "".join(
                _romanize_arabic_word(run) if run and is_arabic_char(run[0]) else run
                for run in runs
            )
        if word:
            words.append(word)
    kept = [word for index, word in enumerate(words) if index not in noise]
    return " ".join(kept or words)


# Spellings that Arabic and French write differently, merged for the skeleton.
_SKELETON_DIGRAPHS = [
    ("sch", "C"),
    ("ch", "C"),
    ("sh", "C"),
    ("kh", "k"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("dj", "j"),
    ("dh", "d"),
    ("qu", "k"),
    ("ck", "k"),
]
_SKELETON_LETTERS = str.maketrans(
    {
        "p": "b",
        "v": "f",
        "q": "k",
        "c": "k",
        "x": "ks",
        "z": "s",
        "j": "g",  # ج is g in Egyptian and Gulf spellings (جوجل, سامسونج)
        "w": "",
        "y": "",
        "a": "",
        "e": "",
        "i": "",
        "o": "",
        "u": "",
    }
)


def consonant_skeleton(text):
    """Consonants of the romanised mark, with cross-script spelling differences merged."""
    latin = romanize(text).replace(" ", "")
    if latin.startswith("el") and len(latin) > 4 and script_of(text) == "arabic":
        latin = latin[2:]  # the article is often left out in the French spelling
    for digraph, replacement in _SKELETON_DIGRAPHS:
        latin = latin.replace(digraph, replacement)
    latin = re.sub(r"c(?=[eiy])", "s", latin)
    latin = latin.translate(_SKELETON_LETTERS)
    latin = re.sub(r"(.)\1+", r"\1", latin)
    return latin.lower()


_PHONETIC_RULES = [
    (r"[^a-z0-9]", ""),
    (r"(.)\1+", r"\1"),
    (r"ph", "f"),
    (r"sch|sh|ch", "C"),
    (r"kh", "k"),
    (r"gh", "g"),
    (r"th", "t"),
    (r"dj", "j"),
    (r"qu|q|ck|k", "k"),
    (r"(?<=k)w(?=[aeiouy])", ""),
    (r"c(?=[eiy])", "s"),
    (r"g(?=[eiy])", "j"),
    (r"gu(?=[eiy])", "g"),
    (r"c", "k"),
    (r"aul?[td]s?$", "o"),
    (r"eaux?|aux?|au", "o"),
    (r"x", "ks"),
    (r"w", "u"),  # Moroccan spellings: Jawda / Jaouda
    (r"z", "s"),
    (r"oo|ou", "u"),
    (r"gn", "ni"),
    (r"(?<=[aeiou])y(?=[aeiou])", "i"),
    (r"y", "i"),
    (r"ai|ei", "e"),
    (r"h", ""),
    (r"oeu|eu", "E"),
    (r"(?<=.{3})[estdx]$", ""),
    (r"(?<=.{2})e$", ""),
    (r"[ae]n(?=[^aeiou]|$)|[ae]m(?=[bp])", "A"),
    (r"[ae]?in(?=[^aeiou]|$)|im(?=[bp])", "I"),
    (r"on(?=[^aeiou]|$)|om(?=[bp])", "O"),
    (r"(.)\1+", r"\1"),
]
_COMPILED_PHONETIC = [(re.compile(pattern), repl) for pattern, repl in _PHONETIC_RULES]


def phonetic_key(text):
    """A French-style sound key of the (romanised) mark: 'Philips' and 'Filips' -> 'filip'."""
    words = romanize(text).split()
    keys = []
    for word in words:
        key = word
        for pattern, replacement in _COMPILED_PHONETIC:
            key = pattern.sub(replacement, key)
        if key:
            keys.append(key)
    return " ".join(keys)


def match_keys(text):
    """All keys of a mark, as stored on the register and computed for a query."""
    from carres.sound import fold_key, sound_key  # carres.sound builds on this module's helpers

    return {
        "normalized": normalize_mark(text),
        "romanized": romanize(text),
        "phonetic": phonetic_key(text),
        "skeleton": consonant_skeleton(text),
        "sound": sound_key(text),
        "fold": fold_key(text),
    }


_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال", "و")


def _light_stem(word):
    """Drop the Arabic article and the conjunction و glued to a word (المطاعم -> مطاعم)."""
    if not is_arabic_char(word[0]):
        return word
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix) :]
    return word


def normalize_text(text):
    """Like `normalize_mark` but keeps every word (goods/services terms, descriptions);
    Arabic words lose a glued article or conjunction so that "المطاعم" finds "مطاعم"."""
    return " ".join(_light_stem(word) for word in _words(strip_accents(_fold_arabic(_base(text)))))
