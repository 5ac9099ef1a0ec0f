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

A sixth door compares the cross-script sound code (carres.sound.sound_key, btree on
`sound`): the article (al-, el-, the assimilated Ess-, Ett-, Enn-, ال), unwritten
vowels, ta marbuta, hamza and alif variants set aside, "Ennour" and "النور" both read
"nr". It is asked for the whole query and for its distinctive words alone (the query's
generic words are looked up in the same statement, CTE `dq`), once in any script and
once in the other script only (a short code is shared by hundreds of marks). The
ranking then compares the words' folded spellings (vowels kept, ou/w/u and e/i/y
merged) in Python (ranking.py); generic words shared alone make at most a low risk
(matching.GENERIC_ONLY_SCORE).

Within a sound code, the other script's marks are many (unwritten vowels make "ft" read
فتح, فاتحا, الفتح...): the other-script branch orders them by how the query's folded
spelling (carres.sound.fold_key, stored as `fold`: the article set aside, vowels folded,
Arabic's long vowels, ain and hamza kept) aligns with theirs, fuzzystrmatch's levenshtein
with a Latin letter Arabic leaves unwritten cheaper than an Arabic letter the Latin
spelling lacks. A seventh door takes the marks of the same `fold` (btree). The ranking
weighs the same edits finely (ranking.cross_script_cost: 0.25 a short vowel, 0.6 a long
one, 0.2 an ain written as a vowel) and compares the article: "Al Fath" ranks الفتح
before فتح, and فاتحا after both; a transliteration with the same letters ranks just
above a same-script spelling of the same sounds.

An eighth door asks for the sound codes of the query's spelling variants
(carres.sound.spelling_variants: a Spanish-style initial x read ch, "Xauen" / "Chaouen";
a word's initial h read kh and kh read h, "Hamsa" / "Khamsa" / خمسة; an Arabic خ read
ح), and the fold door for the query's fold with a mute final e added or dropped
(carres.sound.fold_variants: "Warzazat" / "Ouarzazate"). What only a variant finds is
scored as the variant's match, at most a sound-alike, less matching.VARIANT_PENALTY.

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
bench/marks.py on 5,000,000 marks (a shared, loaded 2-core machine): class-less
common-word queries p50 34 ms / p95 158 ms, against 1.3 s / 11 s for the trigram
doors; the word door matches 87 % of the exhaustive top-20 ranks (scores at least as
high) and finds as many of the hand-made tricky pairs.
The exact doors (normalised, phonetic, skeleton: btrees) are unchanged. What the word
door can miss, by construction, is a mark close to the query as a whole while none
of its words is close to a query word; the benchmark measures how often the top 20
differs from the exhaustive trigram search (`word_door=False`).
"""

from ip_filings.search.candidates import candidate_query, trigram_settings_sql
from ip_filings.search.matching import (
    PriorMatch,
    clean_query,
    explain_match,
    search_prior_marks,
    validate_classes,
)
from ip_filings.search.spellings import one_edit_away

__all__ = [
    "PriorMatch",
    "candidate_query",
    "clean_query",
    "explain_match",
    "one_edit_away",
    "search_prior_marks",
    "trigram_settings_sql",
    "validate_classes",
]
