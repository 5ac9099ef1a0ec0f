"""The prior-mark search's verdicts: why each candidate matched, how close, how risky."""

import unicodedata
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils.translation import gettext as _

from carres.sound import fold_variants, spelling_variants
from carres.text import script_of
from ip_filings.enums import LIVE_MARK_STATUSES, MatchKind, RiskLevel
from ip_filings.models import NICE_CLASS_RANGE, RegisteredMark
from ip_filings.search.candidates import MIN_SKELETON_LENGTH, candidate_query, trigram_settings_sql
from ip_filings.search.ranking import (
    FUNCTION_WORDS,
    compact_cross,
    compact_fold,
    compact_sound,
    cross_script_closeness,
    cross_script_cost,
    distinctive,
    mark_words,
    query_keys,
    same_article,
    trigram_similarity,
)

# A mark is a few words: beyond this the query is cut before computing its keys.
MAX_QUERY_CHARS = 200
# Below this trigram similarity a spelling match is not worth showing.
MIN_SPELLING_SCORE = 0.3
# Two spellings of the same sounds in one script ("Noor" / "Nour").
PHONETIC_SCORE = 0.93
# The highest score of two marks alike only through their generic words (a low risk).
GENERIC_ONLY_SCORE = 0.45
# The other script's writing of the same sound: CROSS_SCRIPT_TOP, less CROSS_SCRIPT_STEP
# per unit of edit between the spellings (ranking.cross_script_cost: 0.25 a short vowel),
# less ARTICLE_PENALTY when one carries the article and the other not, at least
# CROSS_SCRIPT_FLOOR: the same letters once folded rank just above a same-script spelling
# of the same sounds (PHONETIC_SCORE: "Nour" finds نور before "Nor"), a short vowel
# unwritten just below it, since unwritten vowels make many other words read alike.
CROSS_SCRIPT_TOP = 0.935
CROSS_SCRIPT_STEP = 0.06
ARTICLE_PENALTY = 0.02
CROSS_SCRIPT_FLOOR = 0.8
# A same-script spelling that only drops the first vowel ("Smail" / "Ismail").
INITIAL_VOWEL_SCORE = 0.89
# A match through a spelling variant of the query ("Xauen" read "Chauen"): scored as
# that variant's match, at most a same-letters sound-alike, less this.
VARIANT_PENALTY = 0.03
KIND_SCORE = {
    MatchKind.IDENTICAL: 1.0,
    MatchKind.NORMALIZED: 0.97,
}


@dataclass(frozen=True)
class PriorMatch:
    mark: RegisteredMark
    score: float  # 0..1, higher is closer
    kind: str  # a MatchKind value
    risk: str  # a RiskLevel value
    reason: str  # one plain sentence in the active language
    shared_classes: tuple  # the searched classes the mark is registered in
    # with group_identical: the other registrations of the same mark (same normalised text)
    # found by the search, after this one, the best placed
    same: tuple = ()

    @property
    def kind_label(self):
        return MatchKind(self.kind).label

    @property
    def risk_label(self):
        return RiskLevel(self.risk).label

    @property
    def percent(self):
        return round(self.score * 100)


def clean_query(text):
    """Any Unicode in, a string PostgreSQL accepts out (no NUL, no lone surrogates)."""
    text = (text or "")[: MAX_QUERY_CHARS * 4]
    text = text.encode("utf-8", "ignore").decode("utf-8").replace("\x00", "")
    return text.strip()[:MAX_QUERY_CHARS]


def validate_classes(classes):
    """A sorted tuple of distinct class numbers; ValueError outside 1-45."""
    if not classes:
        return ()
    numbers = set()
    for value in classes:
        number = int(value)
        if number not in NICE_CLASS_RANGE:
            raise ValueError(f"Nice class out of 1-45: {value!r}")
        numbers.add(number)
    return tuple(sorted(numbers))


def _folded(text):
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _is_cross_script(query_script, mark_script):
    return {query_script, mark_script} == {"arabic", "latin"}


@dataclass(frozen=True)
class Verdict:
    kind: str
    score: float
    risk: str
    # the distinctive words the two marks share, as written in the mark ("" for a whole match)
    word: str = ""
    generic: tuple = ()  # the generic words set aside


def _verdict(mark, *, query, query_script, keys):
    """The strongest reason this candidate matched (a Verdict), or None."""
    sim_normalized = float(mark.sim_normalized or 0)
    sim_romanized = float(mark.sim_romanized or 0)
    same_skeleton = len(keys["skeleton"]) >= MIN_SKELETON_LENGTH and (
        mark.skeleton == keys["skeleton"]
    )
    if _folded(mark.mark_text) == _folded(query):
        return Verdict(MatchKind.IDENTICAL, 1.0, RiskLevel.HIGH)
    if keys["normalized"] and mark.normalized == keys["normalized"]:
        return Verdict(MatchKind.NORMALIZED, 0.97, RiskLevel.HIGH)
    if keys["normalized"].replace(" ", "") == mark.normalized.replace(" ", ""):
        return Verdict(MatchKind.SPACING, 0.95, RiskLevel.HIGH)
    query_words = keys.get("words") or list(mark_words(query))
    words = list(mark_words(mark.mark_text))
    query_generic = set(getattr(mark, "query_generic", None) or ())
    generic = set(getattr(mark, "mark_generic", None) or ()) | query_generic
    ours, theirs = distinctive(query_words, query_generic), distinctive(words, generic)
    set_aside = tuple(
        word
        for word in dict.fromkeys(
            [word.normalized for word in query_words if word not in ours]
            + [word.normalized for word in words if word not in theirs]
        )
        if word not in FUNCTION_WORDS
    )
    has_generic = bool(set_aside) or len(ours) < len(query_words)
    sound = keys.get("sound") or compact_sound(query_words)
    same_sound = bool(sound) and (mark.sound or compact_sound(words)) == sound
    distinct_sound = compact_sound(ours)
    same_distinct_sound = (
        has_generic and bool(distinct_sound) and distinct_sound == compact_sound(theirs)
    )
    fold_whole = trigram_similarity(
        " ".join(word.folded for word in query_words), " ".join(word.folded for word in words)
    )
    fold_distinct = trigram_similarity(
        " ".join(word.folded for word in ours), " ".join(word.folded for word in theirs)
    )
    shared = " ".join(word.normalized for word in theirs)
    if _is_cross_script(query_script, mark.script) and (
        same_sound or same_skeleton or same_distinct_sound or sim_romanized >= 0.5
    ):
        if same_sound or same_skeleton:
            # how well the Latin spelling writes the Arabic one (short vowels unwritten,
            # long ones written), and the article on both or neither: "Karim" is كريم
            # more than "Crem" is, "Al Fath" الفتح more than فاتحا
            score, closeness = _cross_score(query_words, words, query_script)
            strong = len(sound) >= 2 or max(closeness, fold_whole, sim_romanized) >= 0.5
            risk = RiskLevel.HIGH if strong else RiskLevel.MEDIUM
            return Verdict(MatchKind.OTHER_SCRIPT, round(score, 3), risk)
        if same_distinct_sound:
            score, _closeness = _cross_score(ours, theirs, query_script)
            score -= 0.05  # beside generic words
            risk = RiskLevel.HIGH if len(distinct_sound) >= 2 else RiskLevel.MEDIUM
            return Verdict(MatchKind.OTHER_SCRIPT, round(score, 3), risk, shared, set_aside)
        score = 0.9 * sim_romanized
        risk = RiskLevel.HIGH if sim_romanized >= 0.7 else RiskLevel.MEDIUM
        return Verdict(MatchKind.OTHER_SCRIPT, round(min(score, 0.95), 3), risk)
    if has_generic and [word.normalized for word in ours] == [word.normalized for word in theirs]:
        # "Zahra Food" / "Zahra": the same distinctive words, beside generic ones
        return Verdict(MatchKind.SHARED_WORD, 0.9, RiskLevel.HIGH, shared, set_aside)
    if keys["phonetic"] and mark.phonetic == keys["phonetic"]:
        score = 0.8 + 0.1 * max(sim_normalized, fold_whole)
        if same_sound and compact_fold(query_words) == compact_fold(words):
            # the same letters once spelling habits are folded
            score = PHONETIC_SCORE - ARTICLE_PENALTY * (not same_article(query_words, words))
        risk = RiskLevel.HIGH if len(keys["phonetic"]) >= 4 else RiskLevel.MEDIUM
        return Verdict(MatchKind.PHONETIC, round(score, 3), risk)
    if same_sound and compact_fold(query_words) == compact_fold(words):
        # the same letters once spelling habits are folded ("Noor" / "Nour", "Dunya" /
        # "Dounia", "Salwa" / "Saloua")
        risk = RiskLevel.HIGH if len(sound) >= 2 else RiskLevel.MEDIUM
        score = PHONETIC_SCORE - ARTICLE_PENALTY * (not same_article(query_words, words))
        return Verdict(MatchKind.PHONETIC, score, risk)
    if same_distinct_sound and compact_fold(ours) == compact_fold(theirs):
        risk = RiskLevel.HIGH if len(distinct_sound) >= 2 else RiskLevel.MEDIUM
        return Verdict(MatchKind.SHARED_WORD, 0.88, risk, shared, set_aside)
    if same_sound and query_script == mark.script and _initial_vowel_only(query_words, words):
        # the first vowel Moroccan spellings drop ("Smail" / "Ismail", "Brahim" / "Ibrahim")
        risk = RiskLevel.HIGH if len(sound) >= 3 else RiskLevel.MEDIUM
        return Verdict(MatchKind.PHONETIC, INITIAL_VOWEL_SCORE, risk)
    spelling = max(sim_normalized, sim_romanized)
    if same_skeleton and spelling < 0.5:
        # same consonants in the same script: reads alike once vowels are set aside
        return Verdict(MatchKind.PHONETIC, round(0.55 + 0.2 * spelling, 3), RiskLevel.MEDIUM)
    if same_sound or same_distinct_sound:
        # the same consonants, other vowels ("Yasmina" / "Yasmine"): close, not the same
        spelling = max(spelling, 0.5 + 0.3 * (fold_whole if same_sound else fold_distinct))
    spelling = max(spelling, 0.9 * fold_whole, 0.85 * fold_distinct if has_generic else 0)
    if has_generic and fold_distinct < MIN_SPELLING_SCORE:
        # alike only through generic words ("Atlas Kenzi" / "Atlas Tazi"): listed, low
        spelling = min(spelling, GENERIC_ONLY_SCORE)
    if spelling < MIN_SPELLING_SCORE:
        return None
    if spelling >= 0.75:
        risk = RiskLevel.HIGH
    elif spelling >= 0.5:
        risk = RiskLevel.MEDIUM
    else:
        risk = RiskLevel.LOW
    return Verdict(MatchKind.SPELLING, round(spelling, 3), risk)


def _initial_vowel_only(query_words, words):
    """Are the two folded spellings the same but for a vowel the longer begins with?"""
    ours, theirs = compact_cross(query_words), compact_cross(words)
    longer, shorter = (ours, theirs) if len(ours) > len(theirs) else (theirs, ours)
    return len(shorter) >= 3 and longer[:1] in "aeiu" and longer[1:] == shorter


def _cross_score(query_words, words, query_script):
    """(score, closeness) of the other script's writing of the same sound: how well the
    Latin spelling writes the Arabic one (ranking.cross_script_cost), and the article on
    both or neither."""
    ours, theirs = compact_cross(query_words), compact_cross(words)
    latin, arabic = (ours, theirs) if query_script == "latin" else (theirs, ours)
    score = CROSS_SCRIPT_TOP - CROSS_SCRIPT_STEP * cross_script_cost(latin, arabic)
    if not same_article(query_words, words):
        score -= ARTICLE_PENALTY
    return max(score, CROSS_SCRIPT_FLOOR), cross_script_closeness(latin, arabic)


def _variant_keys(query, keys):
    """{sound code: (variant, its keys)} of the query's spelling variants (carres.sound),
    their codes and romanised forms added to `keys` for the candidate doors."""
    variants = {}
    for variant in spelling_variants(query):
        variant_keys = query_keys(variant)
        variants.setdefault(variant_keys["sound"], (variant, variant_keys))
    variants.pop(keys["sound"], None)
    keys["variant_sounds"] = list(variants)
    keys["variant_romans"] = [variant_keys["romanized"] for _v, variant_keys in variants.values()]
    keys["variant_folds"] = [variant_keys["fold"] for _v, variant_keys in variants.values()]
    keys["fold_variants"] = fold_variants(query)
    return variants


def _best_verdict(mark, verdict, variants, query_script, keys):
    """The verdict, or the one through the spelling variant of the mark's sound code (a
    sound-alike, VARIANT_PENALTY below the same match without the variant) if higher; the
    same sound and fold but a mute final e is a sound-alike too ("Warzazat" / "Ouarzazate")."""
    if mark.sound == keys["sound"] and mark.fold in keys.get("fold_variants", ()):
        score = PHONETIC_SCORE - VARIANT_PENALTY
        if verdict is None or verdict.score < score:
            risk = RiskLevel.HIGH if len(mark.sound) >= 3 else RiskLevel.MEDIUM
            return Verdict(MatchKind.PHONETIC, score, risk)
        return verdict
    if mark.sound not in variants:
        return verdict
    variant, keys = variants[mark.sound]
    other = _verdict(mark, query=variant, query_script=query_script, keys=keys)
    if other is None:
        return verdict
    kind = other.kind
    if kind in (MatchKind.IDENTICAL, MatchKind.NORMALIZED, MatchKind.SPACING):
        kind = MatchKind.PHONETIC
    score = round(min(other.score, PHONETIC_SCORE) - VARIANT_PENALTY, 3)
    if verdict is not None and verdict.score >= score:
        return verdict
    return Verdict(kind, score, other.risk, other.word, other.generic)


def _classify(mark, *, query, query_script, keys):
    """(kind, score, risk) of the strongest reason this candidate matched, or None."""
    verdict = _verdict(mark, query=query, query_script=query_script, keys=keys)
    return None if verdict is None else (verdict.kind, verdict.score, verdict.risk)


def explain_match(kind, mark, *, score, word="", generic=()):
    """The plain-language reason, in the active language."""
    name = mark.mark_text
    if kind == MatchKind.IDENTICAL:
        return _("La marque « %(mark)s » s'écrit exactement comme la vôtre.") % {"mark": name}
    if kind == MatchKind.NORMALIZED:
        return _(
            "La marque « %(mark)s » ne diffère de la vôtre que par les accents, les "
            "majuscules, la ponctuation ou la forme juridique."
        ) % {"mark": name}
    if kind == MatchKind.SPACING:
        return _(
            "La marque « %(mark)s » ne diffère de la vôtre que par les espaces, les traits "
            "d'union ou les apostrophes : c'est la même suite de lettres."
        ) % {"mark": name}
    if kind == MatchKind.OTHER_SCRIPT and word:
        return _(
            "La marque « %(mark)s », écrite dans l'autre écriture, contient le même mot "
            "distinctif que la vôtre (« %(word)s ») ; les mots %(generic)s sont génériques."
        ) % {"mark": name, "word": word, "generic": _quoted(generic)}
    if kind == MatchKind.OTHER_SCRIPT:
        if mark.script == "arabic":
            return _(
                "La marque « %(mark)s », écrite en arabe, se lit « %(romanized)s » : c'est "
                "probablement la même marque que la vôtre dans l'autre écriture."
            ) % {"mark": name, "romanized": mark.romanized}
        return _(
            "La marque « %(mark)s », écrite en lettres latines, correspond à votre marque "
            "écrite en arabe : c'est probablement la même marque dans l'autre écriture."
        ) % {"mark": name}
    if kind == MatchKind.SHARED_WORD:
        return _(
            "La marque « %(mark)s » a le même mot distinctif que la vôtre (« %(word)s », "
            "écrit ou prononcé de la même façon) ; les mots %(generic)s sont génériques et "
            "ne suffisent pas à les distinguer."
        ) % {"mark": name, "word": word, "generic": _quoted(generic)}
    if kind == MatchKind.PHONETIC:
        return _(
            "La marque « %(mark)s » se prononce comme la vôtre, même si elle s'écrit "
            "autrement : un client pourrait les confondre à l'oral."
        ) % {"mark": name}
    return _(
        "La marque « %(mark)s » s'écrit presque comme la vôtre (%(percent)s %% de "
        "ressemblance) : un lecteur pressé pourrait les confondre."
    ) % {"mark": name, "percent": round(score * 100)}


def _quoted(words):
    return ", ".join(f"« {word} »" for word in dict.fromkeys(words))


def search_prior_marks(
    text,
    classes=None,
    limit=20,
    *,
    statuses=LIVE_MARK_STATUSES,
    word_door=None,
    group_identical=False,
):
    """Marks of the register similar to `text`, best first, each with its reason and risk.

    `group_identical`: the registrations of one mark (the same normalised text: "NOUR",
    "Nour") make one result, the best placed, the others in its `same`; `limit` counts
    these results. What the pages show: in a register of a million marks, twenty
    registrations of "Nour" would otherwise fill the list, and the other spellings and
    the other script's writing of the mark would not be seen.

    `classes`: Nice class numbers (1-45) to restrict to (None or empty: all classes);
    ValueError for a number outside 1-45. Any Unicode text is accepted; text with no
    letters or digits returns no match. Reads only: two statements (the trigram
    thresholds, then the search) in one transaction. `word_door`: see candidate_query
    (None, the default, is what every caller but the benchmark wants).
    """
    chosen = validate_classes(classes)
    query = clean_query(text)
    keys = query_keys(query)
    if not keys["normalized"]:
        return []
    query_script = script_of(query)
    variants = _variant_keys(query, keys)
    if word_door is None:
        word_door = not chosen
    sql, params = candidate_query(
        keys, chosen, query_script=query_script, statuses=statuses, word_door=word_door
    )
    # A transaction of its own (no savepoint inside a caller's), so the thresholds set
    # with is_local=true never outlive the search in autocommit mode.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(*trigram_settings_sql(word_door))
        candidates = list(RegisteredMark.objects.raw(sql, params))
    scored = []
    for mark in candidates:
        verdict = _verdict(mark, query=query, query_script=query_script, keys=keys)
        verdict = _best_verdict(mark, verdict, variants, query_script, keys)
        if verdict is not None:
            scored.append((verdict, mark))
    scored.sort(key=lambda pair: (-pair[0].score, pair[1].number))
    limit = max(int(limit), 0)
    kept = _grouped(scored, limit) if group_identical else [(*p, ()) for p in scored[:limit]]
    # Only the kept matches are explained (one sentence each in the reader's language).
    return [
        PriorMatch(
            mark=mark,
            score=verdict.score,
            kind=str(verdict.kind),
            risk=str(verdict.risk),
            reason=explain_match(
                verdict.kind, mark, score=verdict.score, word=verdict.word, generic=verdict.generic
            ),
            shared_classes=tuple(number for number in sorted(mark.classes) if number in chosen),
            same=same,
        )
        for verdict, mark, same in kept
    ]


def _grouped(scored, limit):
    """[(verdict, mark, other marks of the same text)]: the first `limit` distinct marks of
    `scored` (best first), each with the later registrations of its normalised text."""
    groups = {}
    for verdict, mark in scored:
        if mark.normalized in groups:
            groups[mark.normalized][2].append(mark)
        elif len(groups) < limit:
            groups[mark.normalized] = (verdict, mark, [])
    return [(verdict, mark, tuple(same)) for verdict, mark, same in groups.values()]
