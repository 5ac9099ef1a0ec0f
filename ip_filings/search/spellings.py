"""The prior-mark search's spellings of a short word, looked up by equality in the
vocabulary (candidates.py's word door): where trigrams discriminate poorly."""

_LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي" + "گڤپ"


def one_edit_away(word):
    """The spellings one deletion, insertion, substitution or swap away from `word`.

    For a short word, where trigrams discriminate poorly, these are looked up by
    equality (a few hundred primary-key probes) instead of a trigram scan.
    """
    letters = _ARABIC_LETTERS if any(char in _ARABIC_LETTERS for char in word) else _LATIN_LETTERS
    splits = [(word[:index], word[index:]) for index in range(len(word) + 1)]
    variants = {left + right[1:] for left, right in splits if right}
    variants |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    variants |= {left + char + right[1:] for left, right in splits if right for char in letters}
    variants |= {left + char + right for left, right in splits for char in letters}
    variants.discard(word)
    return sorted(variant for variant in variants if variant)
