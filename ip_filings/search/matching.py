"""The prior-mark search's verdicts: why each candidate matched, how close, how risky."""

import unicodedata
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils.translation import gettext as _

from carres.text import match_keys, script_of
from ip_filings.enums import LIVE_MARK_STATUSES, MatchKind, RiskLevel
from ip_filings.models import NICE_CLASS_RANGE, RegisteredMark
from ip_filings.search.candidates import MIN_SKELETON_LENGTH, candidate_query, trigram_settings_sql

# A mark is a few words: beyond this the query is cut before computing its keys.
MAX_QUERY_CHARS = 200
# Below this trigram similarity a spelling match is not worth showing.
MIN_SPELLING_SCORE = 0.3
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


def _classify(mark, *, query, query_script, keys):
    """(kind, score, risk) of the strongest reason this candidate matched, or None."""
    sim_normalized = float(mark.sim_normalized or 0)
    sim_romanized = float(mark.sim_romanized or 0)
    same_skeleton = len(keys["skeleton"]) >= MIN_SKELETON_LENGTH and (
        mark.skeleton == keys["skeleton"]
    )
    if _folded(mark.mark_text) == _folded(query):
        return MatchKind.IDENTICAL, 1.0, RiskLevel.HIGH
    if keys["normalized"] and mark.normalized == keys["normalized"]:
        return MatchKind.NORMALIZED, 0.97, RiskLevel.HIGH
    if _is_cross_script(query_script, mark.script) and (same_skeleton or sim_romanized >= 0.5):
        if same_skeleton:
            score = 0.8 + 0.15 * sim_romanized
            long_enough = len(keys["skeleton"]) >= 3
            risk = RiskLevel.HIGH if long_enough or sim_romanized >= 0.5 else RiskLevel.MEDIUM
        else:
            score = 0.9 * sim_romanized
            risk = RiskLevel.HIGH if sim_romanized >= 0.7 else RiskLevel.MEDIUM
        return MatchKind.OTHER_SCRIPT, round(min(score, 0.95), 3), risk
    if keys["phonetic"] and mark.phonetic == keys["phonetic"]:
        score = 0.8 + 0.1 * sim_normalized
        risk = RiskLevel.HIGH if len(keys["phonetic"]) >= 4 else RiskLevel.MEDIUM
        return MatchKind.PHONETIC, round(score, 3), risk
    spelling = max(sim_normalized, sim_romanized)
    if same_skeleton and spelling < 0.5:
        # same consonants in the same script: reads alike once vowels are set aside
        return MatchKind.PHONETIC, round(0.55 + 0.2 * spelling, 3), RiskLevel.MEDIUM
    if spelling < MIN_SPELLING_SCORE:
        return None
    if spelling >= 0.75:
        risk = RiskLevel.HIGH
    elif spelling >= 0.5:
        risk = RiskLevel.MEDIUM
    else:
        risk = RiskLevel.LOW
    return MatchKind.SPELLING, round(spelling, 3), risk


def explain_match(kind, mark, *, score):
    """The plain-language reason, in the active language."""
    name = mark.mark_text
    if kind == MatchKind.IDENTICAL:
        return _("La marque « %(mark)s » s'écrit exactement comme la vôtre.") % {"mark": name}
    if kind == MatchKind.NORMALIZED:
        return _(
            "La marque « %(mark)s » ne diffère de la vôtre que par les accents, les "
            "majuscules, la ponctuation ou la forme juridique."
        ) % {"mark": name}
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
    if kind == MatchKind.PHONETIC:
        return _(
            "La marque « %(mark)s » se prononce comme la vôtre, même si elle s'écrit "
            "autrement : un client pourrait les confondre à l'oral."
        ) % {"mark": name}
    return _(
        "La marque « %(mark)s » s'écrit presque comme la vôtre (%(percent)s %% de "
        "ressemblance) : un lecteur pressé pourrait les confondre."
    ) % {"mark": name, "percent": round(score * 100)}


def search_prior_marks(
    text, classes=None, limit=20, *, statuses=LIVE_MARK_STATUSES, word_door=None
):
    """Marks of the register similar to `text`, best first, each with its reason and risk.

    `classes`: Nice class numbers (1-45) to restrict to (None or empty: all classes);
    ValueError for a number outside 1-45. Any Unicode text is accepted; text with no
    letters or digits returns no match. Reads only: two statements (the trigram
    thresholds, then the search) in one transaction. `word_door`: see candidate_query
    (None, the default, is what every caller but the benchmark wants).
    """
    chosen = validate_classes(classes)
    query = clean_query(text)
    keys = match_keys(query)
    if not keys["normalized"]:
        return []
    query_script = script_of(query)
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
    matches = []
    for mark in candidates:
        verdict = _classify(mark, query=query, query_script=query_script, keys=keys)
        if verdict is None:
            continue
        kind, score, risk = verdict
        shared = tuple(number for number in sorted(mark.classes) if number in chosen)
        matches.append(
            PriorMatch(
                mark=mark,
                score=score,
                kind=str(kind),
                risk=str(risk),
                reason=explain_match(kind, mark, score=score),
                shared_classes=shared,
            )
        )
    matches.sort(key=lambda match: (-match.score, match.mark.number))
    return matches[: max(int(limit), 0)]
