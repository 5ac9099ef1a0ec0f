"""The prior-mark search's candidates: one SQL statement, its doors and their bounds.

See the package's docstring (ip_filings/search/__init__.py) for the doors and why.
"""

from ip_filings.enums import LIVE_MARK_STATUSES
from ip_filings.models import GenericWord, MarkVocabulary, MarkWord, RegisteredMark
from ip_filings.search.ranking import FUNCTION_WORDS
from ip_filings.search.spellings import one_edit_away

# Candidates taken from each door before scoring.
CANDIDATES_PER_BRANCH = 40
# pg_trgm's `%` threshold for the trigram doors (its default, 0.3, lets a short mark
# drag tens of thousands of rows through the index on a million-mark register).
TRIGRAM_THRESHOLD = 0.4
MIN_SKELETON_LENGTH = 2

# The class-less word door (see the package's docstring). A vocabulary word is "near" a
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

_TABLE = RegisteredMark._meta.db_table
# How close a mark's romanised form is to the query's or to its distinctive words'; one
# similarity when those are the whole query (no generic word: most queries)
_CLOSEST_ROMANIZED = (
    "CASE WHEN (SELECT romanized FROM dq) IS DISTINCT FROM %(r)s THEN greatest(similarity("
    "romanized, %(r)s), similarity(romanized, (SELECT romanized FROM dq))) ELSE similarity("
    "romanized, %(r)s) END"
)


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
        -- a Latin mark for a Latin query: one similarity (its romanised form is its normalised one)
        ORDER BY CASE WHEN %(n)s = %(r)s AND w.romanized = w.normalized THEN similarity(w.normalized, %(n)s)
                 ELSE greatest(similarity(w.normalized, %(n)s), similarity(w.romanized, %(r)s)) END DESC, w.id
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
    with_fold=False,
    with_variants=False,
):
    where = exact = "status = ANY(%(statuses)s)"
    if with_classes:
        where += " AND classes && %(classes)s::smallint[]"
        # The doors on an equality (a btree: normalised, folded, phonetic, skeleton) find a
        # handful of rows, then keep those of the classes. Written on int[], the class test
        # is a filter no index answers: otherwise the planner took the multicolumn GIN
        # (classes, trigrams) for the equality, or ANDed a bitmap of every mark of the
        # classes (300,000 of 5,000,000) with the btree's, 40-150 ms each.
        exact += " AND classes::int[] && %(classes)s::int[]"
    branches = [
        # the whole query, or its distinctive words alone ("Zahra Food": "zahra")
        f"(SELECT id FROM {_TABLE} WHERE normalized IN (%(n)s, (SELECT normalized FROM dq))"  # nosec B608  # fixed SQL fragments; every value is a parameter
        f" AND {exact} LIMIT %(cap)s)",
        # the same sound code, across scripts too ("Ennour" / "النور", "Techno-Vert" /
        # "TECHNOVERT"), of the whole query or of its distinctive words: an equality on
        # a btree, the closest spellings first (with classes: the GIN on (classes, sound))
        f"(SELECT id FROM {_TABLE} WHERE sound IN (%(sound)s, (SELECT sound FROM dq))"  # nosec B608  # fixed SQL fragments; every value is a parameter
        f" AND {where} ORDER BY {_CLOSEST_ROMANIZED} DESC, id LIMIT %(cap)s)",
        # the same, in the other script only: a short code ("ft", "krm") is shared by
        # hundreds of marks, and the spellings of the query's own script would fill
        # the door before the other script's writing of the same word
        f"(SELECT id FROM {_TABLE} WHERE sound IN (%(sound)s, (SELECT sound FROM dq))"  # nosec B608  # fixed SQL fragments; every value is a parameter
        f" AND script = ANY(%(other_scripts)s) AND {where} ORDER BY {_alignment(query_script)},"
        f" id LIMIT %(cap)s)",
    ]
    if with_fold:
        # the same folded spelling ("Nour" / "Noor", "Houda" / هودا): an equality on a btree
        branches.append(
            f"(SELECT id FROM {_TABLE} WHERE fold = ANY(%(folds)s::text[] || (SELECT fold FROM dq))"  # nosec B608  # fixed SQL fragments; every value is a parameter
            f" AND {exact} LIMIT %(cap)s)"
        )
    if with_variants:
        # the sound codes of the query's spelling variants ("Xauen": "Chauen", "Hamsa":
        # "Khamsa", carres.sound.spelling_variants), closest to a variant's spelling first
        branches.append(
            f"(SELECT id FROM {_TABLE} WHERE sound = ANY(%(variant_sounds)s) AND {where}"  # nosec B608  # fixed SQL fragments; every value is a parameter
            f" ORDER BY similarity(romanized, %(variant_roman)s) DESC, id LIMIT %(cap)s)"
        )
        if query_script in ("latin", "arabic"):
            # in the other script only, by alignment with the first variant's fold
            pair = ("%(variant_fold)s", "fold")[:: 1 if query_script == "latin" else -1]
            branches.append(
                f"(SELECT id FROM {_TABLE} WHERE sound = ANY(%(variant_sounds)s)"  # nosec B608  # fixed SQL fragments; every value is a parameter
                f" AND script = ANY(%(other_scripts)s) AND {where} ORDER BY levenshtein("
                f"left({pair[0]}, 255), left({pair[1]}, 255), 3, 1, 2), id LIMIT %(cap)s)"
            )
    if word_door:
        branches.append(_word_door_sql(with_together=with_together))
    else:
        branches += _trigram_branches(where, query_script)
        if with_distinctive:
            # close spellings of the distinctive words alone ("Atlas Kenzi": "kenzi"); when
            # no word is generic they are the whole query, whose door is above: the test on
            # dq alone is a one-time filter, and the scan is not made twice
            branches.append(
                f"(SELECT id FROM {_TABLE} WHERE normalized %% (SELECT normalized FROM dq)"  # nosec B608  # fixed SQL fragments; every value is a parameter
                f" AND (SELECT normalized FROM dq) IS DISTINCT FROM %(n)s"
                f" AND {where} ORDER BY similarity(normalized, (SELECT normalized FROM dq))"
                f" DESC, id LIMIT %(cap)s)"
            )
    if with_phonetic:
        branches.append(
            f"(SELECT id FROM {_TABLE} WHERE phonetic = %(p)s AND {exact} LIMIT %(cap)s)"  # nosec B608  # fixed SQL fragments; every value is a parameter
        )
    if with_skeleton:
        branches.append(
            f"(SELECT id FROM {_TABLE} WHERE skeleton = %(s)s AND {exact} LIMIT %(cap)s)"  # nosec B608  # fixed SQL fragments; every value is a parameter
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
               regexp_replace(string_agg(q.fold, '' ORDER BY q.i) FILTER (WHERE NOT q.generic),
                   '(.)\\1+', '\\1', 'g') AS fold,
               string_agg(q.roman, ' ' ORDER BY q.i) FILTER (WHERE NOT q.generic) AS romanized,
               coalesce(array_agg(q.word) FILTER (WHERE q.generic), '{{}}') AS generic
        FROM (
            SELECT t.word, t.sound, t.roman, t.fold, t.i, t.word = ANY(%(function_words)s)
                OR EXISTS (
                    SELECT 1 FROM {_GENERIC} AS g WHERE g.normalized = t.word AND {generic_in}
                ) AS generic
            FROM unnest(%(qwords)s::text[], %(qsounds)s::text[], %(qromans)s::text[],
                        %(qfolds)s::text[])
                 WITH ORDINALITY AS t(word, sound, roman, fold, i)
        ) AS q
    )"""  # nosec B608  # table name and fixed fragments; values are parameters
    return (
        f"WITH {distinctive}, generic AS (SELECT array_agg(normalized::text) AS words "  # nosec B608  # fixed SQL fragments; every value is a parameter
        f"FROM {_GENERIC}), cand AS ({' UNION '.join(branches)}) "
        f"SELECT {columns}, similarity(m.normalized, %(n)s) AS sim_normalized, "
        f"similarity(m.romanized, %(r)s) AS sim_romanized, "
        f"(SELECT generic FROM dq) AS query_generic, "
        # most marks hold no generic word: one array test, then the look-up for the others
        f"CASE WHEN string_to_array(m.normalized, ' ') && (SELECT words FROM generic) THEN "
        f"ARRAY(SELECT g.normalized::text FROM {_GENERIC} AS g "
        f"WHERE g.normalized = ANY(string_to_array(m.normalized, ' ')) AND {mark_generic_in}"
        f") ELSE '{{}}' END AS mark_generic "
        f"FROM {_TABLE} m JOIN cand ON cand.id = m.id"
    )


def _alignment(query_script):
    """How far the other script's spelling of the same sound is from the query's, for the
    sound door's ORDER BY: fuzzystrmatch's levenshtein from the Latin fold to the Arabic
    one, where a Latin letter Arabic does not write (a short vowel) costs 1, an Arabic
    letter the Latin spelling lacks (a long vowel, ain) 3 and a change 2: "Al Fath" finds
    الفتح before فاتحا among the hundred marks that read "ft" (ranking.py weighs the same
    edits finely). levenshtein reads at most 255 characters."""
    if query_script not in ("latin", "arabic"):
        return f"{_CLOSEST_ROMANIZED} DESC"
    pair = (
        "left({q}, 255), left(fold, 255)"
        if query_script == "latin"
        else "left(fold, 255), left({q}, 255)"
    )
    whole = pair.format(q="%(f)s")
    part = pair.format(q="coalesce((SELECT fold FROM dq), %(f)s)")
    # one distance when the distinctive words' fold is the whole query's (most queries)
    return (
        f"CASE WHEN coalesce((SELECT fold FROM dq), %(f)s) = %(f)s THEN levenshtein({whole}, 3, 1, 2)"  # nosec B608  # fixed SQL fragments; every value is a parameter
        f" ELSE least(levenshtein({whole}, 3, 1, 2), levenshtein({part}, 3, 1, 2)) END"
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
        with_fold=bool(keys.get("fold")),
        with_variants=bool(keys.get("variant_sounds")),
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
        "qfolds": [word.cross for word in words],
        "function_words": sorted(FUNCTION_WORDS),
        "f": keys.get("fold", ""),
        # with a mute final e added or dropped (carres.sound.fold_variants)
        "folds": [keys.get("fold", ""), *keys.get("fold_variants", [])],
        "variant_sounds": keys.get("variant_sounds", []),
        # the first variant's spelling orders them (one similarity per row)
        "variant_roman": " ".join(keys.get("variant_romans", [])[:1]),
        "variant_fold": " ".join(keys.get("variant_folds", [])[:1]),
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
