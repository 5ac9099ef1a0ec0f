"""The synthetic register of marks: loaded with COPY for the prior-mark search benchmark
(bench/marks.py) and the load-test data set (bench/data/), its word posting lists built."""

import time

from bench.common import indexes_dropped


def load_marks(count, *, log=print):
    """COPY `count` synthetic marks into the (migrated, empty) register with its indexes and
    word trigger off, rebuild the indexes, then the word posting lists (timed). Also used by
    bench/data/ for the load-test data set."""
    from django.db import connection

    from ip_filings.models import RegisteredMark
    from ip_filings.services.register import generate_marks

    table = RegisteredMark._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER markword_insert")
    # the marks' words GIN is built once, by build_words, after the posting lists
    with indexes_dropped(table, log=log, defer={"mark_words_gin"}) as built:
        started = time.monotonic()
        for batch, start in enumerate(range(0, count, 100_000)):
            generate_marks(min(100_000, count - start), seed=batch, prefix="B")
        load_seconds = time.monotonic() - started
        log(f"load: {count} marks with COPY in {load_seconds:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER markword_insert")
    started = time.monotonic()
    build_words(connection, deferred=built.pop("deferred"))
    return {
        "load_seconds": round(load_seconds, 1),
        "indexes": built,
        "words_seconds": round(time.monotonic() - started, 1),
    }


def build_words(connection, deferred=()):
    """Empty and refill the posting lists and vocabulary from the register, timing each step.
    `deferred`: (name, definition) of indexes dropped before (by `indexes_dropped`) to build
    with the others."""
    from ip_filings.models import MarkVocabulary, MarkWord, RegisteredMark

    words, vocabulary = MarkWord._meta.db_table, MarkVocabulary._meta.db_table
    marks = RegisteredMark._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE (tablename = ANY(%s) "
            "AND indexdef NOT LIKE %s AND indexname NOT LIKE %s) OR indexname = %s",
            [[words, vocabulary], "%UNIQUE%", "%pkey", "mark_words_gin"],
        )
        indexes = cursor.fetchall()
        cursor.execute(f"TRUNCATE {words}, {vocabulary}")
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        indexes += list(deferred)
        started = time.monotonic()
        # the same INSERT as migration 0005's backfill; the vocabulary trigger counts
        cursor.execute(
            f"INSERT INTO {words} (mark_id, word, size) SELECT m.id, w.word, w.size "  # noqa: S608
            f"FROM {marks} AS m, ip_filings_mark_words(m.normalized, m.romanized, m.script) AS w"
        )
        print(
            f"word posting lists and vocabulary (with their primary keys): "
            f"{time.monotonic() - started:.1f} s"
        )
        for name, definition in indexes:
            started = time.monotonic()
            cursor.execute(definition)
            elapsed = time.monotonic() - started
            cursor.execute("SELECT pg_size_pretty(pg_relation_size(%s))", [name])
            print(f"index {name}: built in {elapsed:.1f} s, size {cursor.fetchone()[0]}")
        cursor.execute(f"VACUUM ANALYZE {words}")
        cursor.execute(f"VACUUM ANALYZE {vocabulary}")
        print_word_sizes(cursor)


def print_word_sizes(cursor):
    from ip_filings.models import MarkVocabulary, MarkWord

    for model in (MarkWord, MarkVocabulary):
        table = model._meta.db_table
        cursor.execute(
            "SELECT count(*), pg_size_pretty(pg_relation_size(%s)), "  # noqa: S608
            "pg_size_pretty(pg_indexes_size(%s)) FROM " + table,
            [table, table],
        )
        rows, heap, indexes = cursor.fetchone()
        cursor.execute(
            "SELECT indexname, pg_size_pretty(pg_relation_size(indexname::regclass)) "
            "FROM pg_indexes WHERE tablename = %s ORDER BY 1",
            [table],
        )
        each = ", ".join(f"{name} {size}" for name, size in cursor.fetchall())
        print(f"{table}: {rows} rows, table {heap}, indexes {indexes} ({each})")
