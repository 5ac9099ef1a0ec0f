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
    phonetic        the same French-style sound key (btree on `phonetic`), or the
                    same letters once spelling habits are folded ("Noor" / "Nour")
    spelling        close spelling: trigram similarity of the normalised forms
                    (GIN trigram on `normalized`)
    spacing         the same letters, spaces, hyphens and apostrophes aside
    shared_word     the same distinctive word(s) beside generic ones ("Zahra Food" /
                    "Zahra"): GenericWord lists, per Nice class, the words that say
                    what or where ("Maroc", "Atlas", "Food", "Group"), edited in the admin

A sixth door compares the cross-script sound code (normalize.sound_key, btree on
`sound`): the article (al-, el-, the assimilated Ess-, Ett-, Enn-, ال), unwritten
vowels, ta marbuta, hamza and alif variants set aside, "Ennour" and "النور" both read
"nr". It is asked for the whole query and for its distinctive words alone (the query's
generic words are looked up in the same statement, CTE `dq`), once in any script and
once in the other script only (a short code is shared by hundreds of marks). The
ranking then compares the words' folded spellings (vowels kept, ou/w/u and e/i/y
merged) in Python; generic words shared alone make at most a low risk
(GENERIC_ONLY_SCORE).

Each door is a separate branch of a UNION with its own LIMIT, so one branch
flooding with candidates (a short skeleton such as "tls") cannot crowd out the
others, and each branch filters classes with `classes && ...`, which the
multicolumn GIN indexes on (classes, trigrams) answer in the same index scan as
the trigram condition: a query made of common words in two classes then re-checks
about a thousand rows, not tens of thousands.

Without classes that bitmap scan is the whole cost: every mark that contains a common
word ("atlas", "maroc") carries all of its trigrams, so "Atlas Bachan" in all classes
re-checks every Atlas mark of the register (~50,000 rows of 5,000,000) to keep the
40 most similar. A class-less search therefore replaces the three trigram doors by a
word door (`word_door`), bounded whatever the register's size:

    1. each query word (normalised, and romanised) is looked up among the
       register's distinct words (MarkVocabulary, GIN trigram), where "atlas" is
       one entry however many marks hold it: its NEAR_WORDS closest words
       ("atlass"; "natura" for "bionatura"; "jouda", the romanised جودا, for
       "Jaouda"); a short word's are its spellings one edit away;
    2. the query word, and its DEEP_NEAR_WORDS closest words when as similar as
       DEEP_SIMILARITY ("baraka" for "barraka"), give their WORD_SCAN shortest
       marks (MarkWord, btree on (word, size)): among the marks that contain a
       word, the shortest are the most similar to a query made of it, so a LIMIT
       on a common word's postings keeps its best candidates and drops a tail
       that could not rank (a rare word gives all of its marks);
    3. the SHALLOW_NEAR_WORDS closest words give their POSTINGS_PER_WORD shortest
       marks, of which the FETCHED_POSTINGS whose similarity to the whole query
       is estimated highest (from the trigrams the word shares and the mark's
       length) are kept;
    4. for a query of several words, the marks holding one query word (or a word
       scanned for it in 2.) and a word near another (or that word itself), at
       any length: the GIN index on the marks' words intersects the posting
       lists, so "Nour Sahara", "Sahara Nous" or a long "Sahara Nour
       Distribution" is not lost among the thousands of marks holding "sahara";
    5. the union is read from the register and ranked by the same trigram
       similarity as before (normalised and romanised forms); the best
       2 x CANDIDATES_PER_BRANCH go on to scoring.

The work is bounded by these constants, not by the register's size: a common word
costs at most WORD_SCAN rows, however many marks hold it. Measured with
scripts/bench_marks.py on 5,000,000 marks (a shared, loaded 2-core machine): class-less
common-word queries p50 34 ms / p95 158 ms, against 1.3 s / 11 s for the trigram
doors; the word door matches 87 % of the exhaustive top-20 ranks (scores at least as
high) and finds as many of the hand-made tricky pairs.
The exact doors (normalised, phonetic, skeleton: btrees) are unchanged. What the word
door can miss, by construction, is a mark close to the query as a whole while none
of its words is close to a query word; the benchmark measures how often the top 20
differs from the exhaustive trigram search (`word_door=False`).
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection, transaction
from django.utils.translation import gettext as _

from ip_filings.enums import LIVE_MARK_STATUSES, MatchKind, RiskLevel
from ip_filings.models import (
    NICE_CLASS_RANGE,
    GenericWord,
    MarkVocabulary,
    MarkWord,
    RegisteredMark,
)
from ip_filings.normalize import match_keys, romanize, script_of, sound_words

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
# Two spellings of the same sounds in one script ("Noor" / "Nour").
PHONETIC_SCORE = 0.93
# The highest score of two marks alike only through their generic words (a low risk).
GENERIC_ONLY_SCORE = 0.45

# The class-less word door (see the module docstring). A vocabulary word is "near" a
# query word when their trigram similarity reaches WORD_SIMILARITY (lower than the
# whole-mark threshold: a shared common word lifts a mark's similarity above its
# words'). The GIN scan only skips a vocabulary word that lacks enough of the query
# word's trigrams, and for a short word 30 % is one or two: for "star" it would read
# and re-check every word that starts with "st" (tens of thousands). A query word of
# at most MAX_EDITED_WORD letters is therefore compared with its spellings one edit
# away (one_edit_away), looked up by primary key.
WORD_SIMILARITY = 0.3
MAX_EDITED_WORD = 5
# the closest words looked up (their marks holding another query word are all found)
NEAR_WORDS = 300
# of which these give their POSTINGS_PER_WORD shortest marks
SHALLOW_NEAR_WORDS = 100
POSTINGS_PER_WORD = 40
FETCHED_POSTINGS = 200
WORD_SCAN = 300
# A near word this similar is scanned like the query word itself: "barraka" is read as
# "baraka", and "Baraka Zem" must rank for "Barraka Zégrytém".
DEEP_SIMILARITY = 0.5
DEEP_NEAR_WORDS = 2
# Query words shorter than this are looked up as they are, not by similarity.
MIN_FUZZY_WORD = 3

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


_WORDS = MarkWord._meta.db_table
_VOCABULARY = MarkVocabulary._meta.db_table
_GENERIC = GenericWord._meta.db_table


def _word_door_sql(*, with_together):
    """The class-less fuzzy door: near vocabulary words -> their shortest marks -> ranked.

    Each posting gets an estimate of its mark's similarity to the whole query, from the
    trigrams its word shares with the query word and the mark's length (the trigrams
    of other words are ignored, hence the separate door for marks holding all query
    words); the best FETCHED_POSTINGS marks are read from the register and ranked by
    their true similarity.
    """
    together = ""
    if with_together:
        # marks holding a query word (or a close spelling of it, as scanned) and a word
        # near another query word, whatever their length: the GIN index on the marks'
        # words intersects the posting lists ("Nour Sahara" or "Sahara Nous" for
        # "Sahara Nour", "Baraka Zem" for "Barraka Zégrytém")
        together = f"""
        UNION
        SELECT t.id FROM query_words AS q CROSS JOIN LATERAL (
            SELECT id FROM {_TABLE}
            WHERE string_to_array(normalized, ' ') &&
                  (SELECT array_agg(word) FROM scanned WHERE query_word = q.word)
              AND string_to_array(normalized, ' ') && (
                  SELECT array_agg(word) FROM (
                      SELECT word FROM scanned WHERE query_word <> q.word
                      UNION SELECT word FROM near WHERE query_word <> q.word
                  ) AS others
              )
            ORDER BY similarity(normalized, %(n)s) DESC, id LIMIT %(postings)s
        ) AS t"""  # nosec B608  # table name and fixed fragments; values are parameters
    near_words = """
            SELECT q.word, v.word, v.sim, q.key_trigrams,
                   v.sim * (q.trigrams + v.trigrams) / (1 + v.sim),
                   row_number() OVER (PARTITION BY q.word ORDER BY v.sim DESC, v.word)
            FROM query_words AS q CROSS JOIN LATERAL (
                SELECT word, similarity(word, q.word) AS sim,
                       array_length(show_trgm(word), 1) AS trigrams
                FROM {vocabulary}
                WHERE char_length(q.word) > %(short)s AND word %% q.word AND word <> q.word
                ORDER BY 2 DESC, word LIMIT %(near)s
            ) AS v"""
    return f"""(
        WITH query_words AS (
            -- `scan`: a word of the query's own writing (its normalised form); the
            -- romanised words of an Arabic query only look for Latin marks, shallowly
            SELECT q.word, max(array_length(show_trgm(q.word), 1)) AS trigrams,
                   max(array_length(show_trgm(q.key), 1)) AS key_trigrams,
                   bool_or(q.key = %(n)s) AS scan
            FROM unnest(%(words)s::text[], %(word_keys)s::text[]) AS q(word, key)
            GROUP BY q.word
        ),
        near (query_word, word, sim, key_trigrams, shared, rank) AS (
            SELECT word, word, 1.0, key_trigrams, trigrams, 1 FROM query_words WHERE NOT scan
            UNION ALL
            -- a short word: its spellings one edit away that the register holds
            SELECT q.word, v.word, v.sim, q.key_trigrams,
                   v.sim * (q.trigrams + v.trigrams) / (1 + v.sim),
                   row_number() OVER (PARTITION BY q.word ORDER BY v.sim DESC, v.word)
            FROM query_words AS q CROSS JOIN LATERAL (
                SELECT e.word, similarity(e.word, q.word) AS sim,
                       array_length(show_trgm(e.word), 1) AS trigrams
                FROM unnest(%(variants)s::text[], %(variant_of)s::text[]) AS e(word, of)
                JOIN {_VOCABULARY} AS v ON v.word = e.word
                WHERE e.of = q.word AND similarity(e.word, q.word) >= %(word_similarity)s
            ) AS v
            UNION ALL{near_words.format(vocabulary=_VOCABULARY)}
        ),
        scanned (query_word, word) AS (
            -- each query word, and its DEEP_NEAR_WORDS closest words if close enough
            -- ("baraka" for "barraka"): their WORD_SCAN shortest marks
            SELECT word, word FROM query_words WHERE scan
            UNION
            SELECT query_word, word FROM (
                SELECT near.query_word, near.word,
                       row_number() OVER (PARTITION BY near.query_word ORDER BY sim DESC, near.word)
                FROM near JOIN query_words AS q ON q.word = near.query_word AND q.scan
                WHERE near.sim >= %(deep_similarity)s AND near.word <> near.query_word
            ) AS closest (query_word, word, rank)
            WHERE rank <= %(deep_words)s
        ),
        shallow AS (
            SELECT p.mark_id, p.size, near.query_word, near.shared, near.key_trigrams
            FROM near CROSS JOIN LATERAL (
                SELECT mark_id, size FROM {_WORDS} WHERE word = near.word
                ORDER BY size, mark_id LIMIT %(postings)s
            ) AS p
            WHERE near.rank <= %(shallow_near)s
        ),
        posted AS (
            SELECT p.mark_id FROM scanned CROSS JOIN LATERAL (
                SELECT mark_id FROM {_WORDS} WHERE word = scanned.word
                ORDER BY size, mark_id LIMIT %(scan)s
            ) AS p
            UNION
            -- a mark holding a near word: estimated from the trigrams that word shares
            -- and the mark's length
            (SELECT s.mark_id FROM shallow AS s
            GROUP BY s.mark_id
            ORDER BY max(s.shared / (s.key_trigrams + s.size + 1 - s.shared)) DESC, s.mark_id
            LIMIT %(fetch)s){together}
        )
        -- "= ANY(ARRAY(...))" reads these few hundred marks by primary key: a join on
        -- `posted` lets a mis-estimate pick a hash join over the whole register
        SELECT w.id FROM {_TABLE} AS w
        WHERE w.id = ANY(ARRAY(SELECT mark_id FROM posted)) AND w.status = ANY(%(statuses)s)
        ORDER BY greatest(similarity(w.normalized, %(n)s), similarity(w.romanized, %(r)s)) DESC,
                 w.id
        LIMIT %(word_cap)s
    )"""  # nosec B608  # table names and fixed fragments; values are parameters


def _candidate_sql(
    *,
    with_classes,
    with_skeleton,
    with_phonetic,
    query_script,
    word_door,
    with_together,
    with_distinctive=False,
):
    where = "status = ANY(%(statuses)s)"
    if with_classes:
        where += " AND classes && %(classes)s::smallint[]"
    branches = [
        # the whole query, or its distinctive words alone ("Zahra Food": "zahra")
        f"(SELECT id FROM {_TABLE} WHERE normalized IN (%(n)s, (SELECT normalized FROM dq))"  # nosec B608  # fixed SQL fragments; every value is a parameter
        f" AND {where} LIMIT %(cap)s)",
        # the same sound code, across scripts too ("Ennour" / "النور", "Techno-Vert" /
        # "TECHNOVERT"), of the whole query or of its distinctive words: an equality on
        # a btree, the closest spellings first
        f"(SELECT id FROM {_TABLE} WHERE sound IN (%(sound)s, (SELECT sound FROM dq))"  # nosec B608  # fixed SQL fragments; every value is a parameter
        f" AND {where} ORDER BY greatest(similarity(romanized, %(r)s),"
        f" similarity(romanized, (SELECT romanized FROM dq))) DESC, id LIMIT %(cap)s)",
        # the same, in the other script only: a short code ("ft", "krm") is shared by
        # hundreds of marks, and the spellings of the query's own script would fill
        # the door before the other script's writing of the same word
        f"(SELECT id FROM {_TABLE} WHERE sound IN (%(sound)s, (SELECT sound FROM dq))"  # nosec B608  # fixed SQL fragments; every value is a parameter
        f" AND script = ANY(%(other_scripts)s) AND {where} ORDER BY greatest("
        f"similarity(romanized, %(r)s), similarity(romanized, (SELECT romanized FROM dq)))"
        f" DESC, id LIMIT %(cap)s)",
    ]
    if word_door:
        branches.append(_word_door_sql(with_together=with_together))
    else:
        branches += _trigram_branches(where, query_script)
        if with_distinctive:
            # close spellings of the distinctive words alone ("Atlas Kenzi": "kenzi")
            branches.append(
                f"(SELECT id FROM {_TABLE} WHERE normalized %% (SELECT normalized FROM dq)"  # nosec B608  # fixed SQL fragments; every value is a parameter
                f" AND {where} ORDER BY similarity(normalized, (SELECT normalized FROM dq))"
                f" DESC, id LIMIT %(cap)s)"
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
    # Generic words: of the query, in the searched classes (without classes: in any), and
    # of each candidate, in the searched classes (without classes: in the mark's own).
    generic_in = (
        "(cardinality(g.classes) = 0 OR cardinality(%(classes)s::smallint[]) = 0"
        " OR g.classes && %(classes)s::smallint[])"
    )
    mark_generic_in = (
        "(cardinality(g.classes) = 0 OR g.classes && (CASE WHEN cardinality(%(classes)s"
        "::smallint[]) = 0 THEN m.classes::smallint[] ELSE %(classes)s::smallint[] END))"
    )
    distinctive = f"""dq AS (
        SELECT regexp_replace(regexp_replace(
                   string_agg(q.sound, '' ORDER BY q.i) FILTER (WHERE NOT q.generic),
                   '([td])h', '\\1', 'g'), '(.)\\1+', '\\1', 'g') AS sound,
               string_agg(q.word, ' ' ORDER BY q.i) FILTER (WHERE NOT q.generic) AS normalized,
               string_agg(q.roman, ' ' ORDER BY q.i) FILTER (WHERE NOT q.generic) AS romanized,
               coalesce(array_agg(q.word) FILTER (WHERE q.generic), '{{}}') AS generic
        FROM (
            SELECT t.word, t.sound, t.roman, t.i, EXISTS (
                SELECT 1 FROM {_GENERIC} AS g WHERE g.normalized = t.word AND {generic_in}
            ) AS generic
            FROM unnest(%(qwords)s::text[], %(qsounds)s::text[], %(qromans)s::text[])
                 WITH ORDINALITY AS t(word, sound, roman, i)
        ) AS q
    )"""  # nosec B608  # table name and fixed fragments; values are parameters
    return (
        f"WITH {distinctive}, cand AS ({' UNION '.join(branches)}) "  # nosec B608  # fixed SQL fragments; every value is a parameter
        f"SELECT {columns}, similarity(m.normalized, %(n)s) AS sim_normalized, "
        f"similarity(m.romanized, %(r)s) AS sim_romanized, "
        f"(SELECT generic FROM dq) AS query_generic, "
        f"ARRAY(SELECT g.normalized FROM {_GENERIC} AS g "
        f"WHERE g.normalized = ANY(string_to_array(m.normalized, ' ')) AND {mark_generic_in}"
        f") AS mark_generic "
        f"FROM {_TABLE} m JOIN cand ON cand.id = m.id"
    )


def _trigram_branches(where, query_script):
    """The three trigram doors: spelling, and both directions of the other script."""
    branches = [
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
    return branches


def candidate_query(
    keys,
    classes,
    *,
    query_script="latin",
    statuses=LIVE_MARK_STATUSES,
    cap=CANDIDATES_PER_BRANCH,
    word_door=None,
):
    """The SQL and parameters of the candidate search (also used by EXPLAIN in the benchmark).

    `word_door`: None chooses as `search_prior_marks` does (the word door when no class
    is given); True or False forces it (the benchmark compares both). Run the SQL after
    `trigram_settings_sql(word_door)` in the same transaction.
    """
    if word_door is None:
        word_door = not classes
    normalized_words = _query_words(keys["normalized"])
    words = keys.get("words") or []
    sql = _candidate_sql(
        with_classes=bool(classes),
        with_skeleton=len(keys["skeleton"]) >= MIN_SKELETON_LENGTH,
        with_phonetic=bool(keys["phonetic"]),
        query_script=query_script,
        word_door=word_door,
        with_together=len(normalized_words) > 1,
        with_distinctive=len(words) > 1,
    )
    params = {
        "n": keys["normalized"],
        "r": keys["romanized"],
        "p": keys["phonetic"],
        "s": keys["skeleton"],
        "sound": keys["sound"],
        "other_scripts": {"latin": ["arabic", "mixed"], "arabic": ["latin", "mixed"]}.get(
            query_script, []
        ),
        "qwords": [word.normalized for word in words],
        "qsounds": [word.sound for word in words],
        "qromans": [word.romanized for word in words],
        "classes": list(classes),
        "statuses": [str(status) for status in statuses],
        "cap": cap,
    }
    if word_door:
        # each query word with the key it comes from (normalised, or romanised: the
        # romanised words of an Arabic query meet Latin marks, and the reverse)
        word_keys = sorted(
            {(word, keys["normalized"]) for word in normalized_words}
            | {(word, keys["romanized"]) for word in _query_words(keys["romanized"])}
        )
        variants = [
            (variant, word)
            for word, _key in word_keys
            if MIN_FUZZY_WORD <= len(word) <= MAX_EDITED_WORD
            for variant in one_edit_away(word)
        ]
        params |= {
            "words": [word for word, _key in word_keys],
            "word_keys": [key for _word, key in word_keys],
            "nwords": normalized_words,
            "near": NEAR_WORDS,
            "min_fuzzy": MIN_FUZZY_WORD,
            "shallow_near": SHALLOW_NEAR_WORDS,
            "short": MAX_EDITED_WORD,
            "word_similarity": WORD_SIMILARITY,
            "variants": [variant for variant, _word in variants],
            "variant_of": [word for _variant, word in variants],
            "postings": POSTINGS_PER_WORD,
            "fetch": FETCHED_POSTINGS,
            "scan": WORD_SCAN,
            "deep_similarity": DEEP_SIMILARITY,
            "deep_words": DEEP_NEAR_WORDS,
            "word_cap": 2 * cap,
        }
    return sql, params


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


def _query_words(text):
    """The distinct words of a normalised or romanised key, as the triggers split them."""
    return sorted({word for word in text.split(" ") if word})


def trigram_settings_sql(word_door):
    """One statement setting pg_trgm's thresholds for the rest of the transaction.

    The trigram doors compare whole marks at TRIGRAM_THRESHOLD, the word door words at
    WORD_SIMILARITY (`%` reads this setting).
    """
    similarity = WORD_SIMILARITY if word_door else TRIGRAM_THRESHOLD
    return (
        "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
        [str(similarity)],
    )


def _folded(text):
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _is_cross_script(query_script, mark_script):
    return {query_script, mark_script} == {"arabic", "latin"}


@dataclass(frozen=True)
class Word:
    """One word of a mark as the ranking reads it."""

    normalized: str
    sound: str  # cross-script sound code (normalize.sound_words)
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


def _compact_sound(words):
    sound = "".join(word.sound for word in words)
    return re.sub(r"(.)\1+", r"\1", re.sub(r"([td])h", r"\1", sound))


def _compact_fold(words):
    return re.sub(r"(.)\1+", r"\1", "".join(word.folded for word in words))


def _distinctive(words, generic):
    """The words that are not generic (all of them when every word is)."""
    return [word for word in words if word.normalized not in generic] or words


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
    ours, theirs = _distinctive(query_words, query_generic), _distinctive(words, generic)
    set_aside = tuple(
        dict.fromkeys(
            [word.normalized for word in query_words if word not in ours]
            + [word.normalized for word in words if word not in theirs]
        )
    )
    has_generic = bool(set_aside) or len(ours) < len(query_words)
    sound = keys.get("sound") or _compact_sound(query_words)
    same_sound = bool(sound) and (mark.sound or _compact_sound(words)) == sound
    distinct_sound = _compact_sound(ours)
    same_distinct_sound = (
        has_generic and bool(distinct_sound) and distinct_sound == _compact_sound(theirs)
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
            # below a same-script spelling of the same sound (PHONETIC_SCORE): the
            # other script's writing is the same mark, but unwritten vowels make many
            # other words read alike
            score = 0.8 + 0.12 * max(fold_whole, sim_romanized)
            strong = len(sound) >= 2 or max(fold_whole, sim_romanized) >= 0.5
            risk = RiskLevel.HIGH if strong else RiskLevel.MEDIUM
            return Verdict(MatchKind.OTHER_SCRIPT, round(score, 3), risk)
        if same_distinct_sound:
            score = 0.8 + 0.1 * fold_distinct
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
        risk = RiskLevel.HIGH if len(keys["phonetic"]) >= 4 else RiskLevel.MEDIUM
        return Verdict(MatchKind.PHONETIC, round(score, 3), risk)
    if same_sound and _compact_fold(query_words) == _compact_fold(words):
        # the same letters once spelling habits are folded ("Noor" / "Nour", "Dunya" /
        # "Dounia", "Salwa" / "Saloua")
        risk = RiskLevel.HIGH if len(sound) >= 2 else RiskLevel.MEDIUM
        return Verdict(MatchKind.PHONETIC, PHONETIC_SCORE, risk)
    if same_distinct_sound and _compact_fold(ours) == _compact_fold(theirs):
        risk = RiskLevel.HIGH if len(distinct_sound) >= 2 else RiskLevel.MEDIUM
        return Verdict(MatchKind.SHARED_WORD, 0.85, risk, shared, set_aside)
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
    keys = query_keys(query)
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
        verdict = _verdict(mark, query=query, query_script=query_script, keys=keys)
        if verdict is None:
            continue
        shared = tuple(number for number in sorted(mark.classes) if number in chosen)
        reason = explain_match(
            verdict.kind, mark, score=verdict.score, word=verdict.word, generic=verdict.generic
        )
        matches.append(
            PriorMatch(
                mark=mark,
                score=verdict.score,
                kind=str(verdict.kind),
                risk=str(verdict.risk),
                reason=reason,
                shared_classes=shared,
            )
        )
    matches.sort(key=lambda match: (-match.score, match.mark.number))
    return matches[: max(int(limit), 0)]
