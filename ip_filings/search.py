"""Prior-mark search: the marks of the register that a new mark may conflict with.

    search_prior_marks(text, classes=None, limit=20) -> list[PriorMatch]

One SQL statement gathers candidates through five doors, each served by an
index (see RegisteredMark.Meta.indexes), then Python decides, for every
candidate, the strongest reason it matched:

    identical       the same characters (case and surrounding spaces aside)
    normalized      the same once accents, case, punctuation, legal-form words
                    and Arabic letter variants are folded (btree on `normalized`)
    other_script    Arabic vs Latin writing of the same mark: equal consonant
                    skeleton or close romanised forms (btree on `skeleton`,
                    GIN trigram on `romanized`)
    phonetic        the same French-style sound key (btree on `phonetic`)
    spelling        close spelling: trigram similarity of the normalised forms
                    (GIN trigram on `normalized`)

Each door is a separate branch of a UNION with its own LIMIT, so one branch
flooding with candidates (a short skeleton such as "tls") cannot crowd out the
others, and each branch filters classes with `classes && ...`, which the
multicolumn GIN indexes on (classes, trigrams) answer in the same index scan as
the trigram condition: a query made of common words in two classes then re-checks
about a thousand rows, not tens of thousands.
"""

import unicodedata
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils.translation import gettext as _

from ip_filings.enums import LIVE_MARK_STATUSES, MatchKind, RiskLevel
from ip_filings.models import NICE_CLASS_RANGE, RegisteredMark
from ip_filings.normalize import match_keys, script_of

# A mark is a few words: beyond this the query is cut before computing its keys.
MAX_QUERY_CHARS = 200
# Candidates taken from each door before scoring.
CANDIDATES_PER_BRANCH = 40
# pg_trgm's `%` threshold for the trigram doors (its default, 0.3, lets a short mark
# drag tens of thousands of rows through the index on a million-mark register).
TRIGRAM_THRESHOLD = 0.4
# Below this trigram similarity a spelling match is not worth showing.
MIN_SPELLING_SCORE = 0.3
MIN_SKELETON_LENGTH = 2

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


_TABLE = RegisteredMark._meta.db_table


def _candidate_sql(*, with_classes, with_skeleton, with_phonetic, query_script):
    where = "status = ANY(%(statuses)s)"
    if with_classes:
        where += " AND classes && %(classes)s::smallint[]"
    branches = [
        f"(SELECT id FROM {_TABLE} WHERE normalized = %(n)s AND {where} LIMIT %(cap)s)",  # nosec B608  # fixed SQL fragments; every value is a parameter
        f"(SELECT id FROM {_TABLE} WHERE normalized %% %(n)s AND {where}"  # nosec B608  # fixed SQL fragments; every value is a parameter
        f" ORDER BY similarity(normalized, %(n)s) DESC LIMIT %(cap)s)",
    ]
    if query_script in ("latin", "mixed"):
        # Arabic marks by their romanised form (partial index on Arabic marks only)
        branches.append(
            f"(SELECT id FROM {_TABLE} WHERE script = 'arabic' AND romanized %% %(r)s"  # nosec B608  # fixed SQL fragments; every value is a parameter
            f" AND {where} ORDER BY similarity(romanized, %(r)s) DESC LIMIT %(cap)s)"
        )
    if query_script in ("arabic", "mixed"):
        # Latin marks, whose normalised form is their romanised form
        branches.append(
            f"(SELECT id FROM {_TABLE} WHERE script <> 'arabic' AND normalized %% %(r)s"  # nosec B608  # fixed SQL fragments; every value is a parameter
            f" AND {where} ORDER BY similarity(normalized, %(r)s) DESC LIMIT %(cap)s)"
        )
    if with_phonetic:
        branches.append(
            f"(SELECT id FROM {_TABLE} WHERE phonetic = %(p)s AND {where} LIMIT %(cap)s)"  # nosec B608  # fixed SQL fragments; every value is a parameter
        )
    if with_skeleton:
        branches.append(
            f"(SELECT id FROM {_TABLE} WHERE skeleton = %(s)s AND {where} LIMIT %(cap)s)"  # nosec B608  # fixed SQL fragments; every value is a parameter
        )
    columns = ", ".join(f"m.{field.column}" for field in RegisteredMark._meta.concrete_fields)
    return (
        f"WITH cand AS ({' UNION '.join(branches)}) "  # nosec B608  # fixed SQL fragments; every value is a parameter
        f"SELECT {columns}, similarity(m.normalized, %(n)s) AS sim_normalized, "
        f"similarity(m.romanized, %(r)s) AS sim_romanized "
        f"FROM {_TABLE} m JOIN cand ON cand.id = m.id"
    )


def candidate_query(
    keys, classes, *, query_script="latin", statuses=LIVE_MARK_STATUSES, cap=CANDIDATES_PER_BRANCH
):
    """The SQL and parameters of the candidate search (also used by EXPLAIN in the benchmark).

    Run it after `SELECT set_config('pg_trgm.similarity_threshold', ...)` in the same
    transaction, as `search_prior_marks` does.
    """
    sql = _candidate_sql(
        with_classes=bool(classes),
        with_skeleton=len(keys["skeleton"]) >= MIN_SKELETON_LENGTH,
        with_phonetic=bool(keys["phonetic"]),
        query_script=query_script,
    )
    params = {
        "n": keys["normalized"],
        "r": keys["romanized"],
        "p": keys["phonetic"],
        "s": keys["skeleton"],
        "classes": list(classes),
        "statuses": [str(status) for status in statuses],
        "cap": cap,
    }
    return sql, params


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


def search_prior_marks(text, classes=None, limit=20, *, statuses=LIVE_MARK_STATUSES):
    """Marks of the register similar to `text`, best first, each with its reason and risk.

    `classes`: Nice class numbers (1-45) to restrict to (None or empty: all classes);
    ValueError for a number outside 1-45. Any Unicode text is accepted; text with no
    letters or digits returns no match. Reads only: two statements (the trigram
    threshold, then the search) in one transaction.
    """
    chosen = validate_classes(classes)
    query = clean_query(text)
    keys = match_keys(query)
    if not keys["normalized"]:
        return []
    query_script = script_of(query)
    sql, params = candidate_query(keys, chosen, query_script=query_script, statuses=statuses)
    # A transaction of its own (no savepoint inside a caller's), so the threshold set
    # with is_local=true never outlives the search in autocommit mode.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(TRIGRAM_THRESHOLD)]
        )
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
