"""Word-start keys of goods/services terms (the Nice classification), on the normaliser of
`carres.text`: a query word matches a term's word when it starts it, once both are folded
(case, Latin accents, Arabic letter variants and vowel marks) and, in Arabic, set apart from a
glued article or conjunction. Raw substrings never match: "cafe" is no start of "caftans",
nor "شاي" of "حشايا"."""

from carres.text import _base, _fold_arabic, _light_stem, _words, is_arabic_char, strip_accents


def _word_forms(word, *, depth):
    """`word` and the forms it takes without a glued article or conjunction (up to `depth`
    of them: "الالواح" -> "الواح" -> "واح"), and, for a Latin word, without a plural -s/-x."""
    forms = [word]
    for _ in range(depth):
        stemmed = _light_stem(forms[-1])
        if stemmed == forms[-1]:
            break
        forms.append(stemmed)
    if not is_arabic_char(word[0]) and len(word) > 3 and word[-1] in "sx":
        forms.append(word[:-1])
    return list(dict.fromkeys(forms))


def _folded_words(text):
    return _words(strip_accents(_fold_arabic(_base(text))))


def word_start_index(text):
    """The words of a term and their article-less forms, space-separated with a leading space,
    so that `LIKE '% needle%'` finds a word that *starts* with the needle ("cafe" finds
    "café" and "cafés-restaurants", never "caftans"; "شاي" finds "الشاي", never "حشايا")."""
    forms = []
    for word in _folded_words(text):
        forms.extend(_word_forms(word, depth=2))
    return " " + " ".join(dict.fromkeys(forms)) if forms else ""


def word_start_needles(text):
    """For each word of a query, the forms of it that may start a word of a term."""
    return [_word_forms(word, depth=1) for word in _folded_words(text)]
