"""The prior-mark search's recall list and the synthetic register it is measured on.

Shared by tests/ip_filings/test_search_recall.py (300,000 marks, in `make test`) and
bench/marks.py (the benchmark's million). The list is
tests/ip_filings/data/search_pairs.csv (see README.md there): hard pairs (a query and
the earlier registered mark an examiner would object to) and negatives (a different
earlier mark that must not be flagged high risk).
"""

import csv
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "search_pairs.csv"
KINDS = (
    "spacing",
    "sound",
    "latin_to_arabic",
    "arabic_to_latin",
    "arabic_spelling",
    "generic",
    "negative",
)
# The earlier marks are registered under these numbers (the synthetic ones start "R-").
PLANTED_PREFIX = "PAIR-"


@dataclass(frozen=True)
class Pair:
    line: int
    kind: str
    query: str
    earlier: str
    classes: tuple  # the earlier mark's classes; the query is searched in the first
    reason: str

    @property
    def negative(self):
        return self.kind == "negative"


def load_pairs(path=DATA):
    """Every row of the list, in file order (ValueError on a malformed row)."""
    pairs = []
    with open(path, encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            line = len(pairs) + 2
            classes = tuple(int(part) for part in row["classes"].split(";"))
            if row["kind"] not in KINDS or not all(1 <= number <= 45 for number in classes):
                raise ValueError(f"{path}:{line}: unknown kind or class: {row}")
            if not (row["query"].strip() and row["earlier"].strip() and row["reason"].strip()):
                raise ValueError(f"{path}:{line}: empty field: {row}")
            pairs.append(
                Pair(line, row["kind"], row["query"], row["earlier"], classes, row["reason"])
            )
    return pairs


def plant(pairs):
    """Register each pair's earlier mark (once per text and classes): {pair: mark id}."""
    from ip_filings.models import RegisteredMark

    marks = {}
    for pair in pairs:
        key = (pair.earlier, pair.classes)
        if key not in marks:
            marks[key] = RegisteredMark(
                number=f"{PLANTED_PREFIX}{pair.line:04d}",
                mark_text=pair.earlier,
                classes=list(pair.classes),
                owner_name="Titulaire antérieur",
                filed_on="2015-03-02",
            )
            marks[key].refresh_keys()
    RegisteredMark.objects.bulk_create(marks.values())
    return {pair: marks[(pair.earlier, pair.classes)] for pair in pairs}


def _register_cache_key(count):
    """Changes whenever the keys or the generator could: the sources they come from."""
    from carres.sound import sound_key
    from carres.text import match_keys
    from ip_filings.services import register

    digest = hashlib.sha256(f"{count}\n{register.COPY_COLUMNS}".encode())
    for module in sorted({register.__name__, match_keys.__module__, sound_key.__module__}):
        digest.update(Path(sys.modules[module].__file__).read_bytes())
    return digest.hexdigest()[:16]


def _escape(value):
    if value is None:
        return "\\N"
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def register_file(count, cache_dir):
    """A COPY (text format) file of `count` synthetic marks, generated once per version of
    the generator and the keys, and kept in `cache_dir` (computing the keys is the slow
    part: about a minute per 100,000 marks on a loaded machine)."""
    from ip_filings.services.register import synthetic_rows

    cache_dir = Path(cache_dir)
    path = cache_dir / f"register-{count}-{_register_cache_key(count)}.tsv"
    if path.exists():
        return path
    for old in cache_dir.glob(f"register-{count}-*.tsv"):
        old.unlink(missing_ok=True)
    partial = path.with_suffix(".partial")
    with open(partial, "w", encoding="utf-8") as out:
        for batch, start in enumerate(range(0, count, 100_000)):
            for row in synthetic_rows(min(100_000, count - start), seed=batch, prefix="R"):
                out.write("\t".join(_escape(value) for value in row) + "\n")
    partial.replace(path)  # atomic: a concurrent reader sees the whole file or none
    return path


def load_register(path):
    """COPY the synthetic marks into the register inside the caller's transaction (rolled
    back with it), then ANALYZE. As the benchmark does: the register's indexes and word
    trigger off during the COPY, the posting lists filled with the trigger's own function
    in one statement, every index built again (DDL is transactional in PostgreSQL)."""
    from django.db import connection

    from ip_filings.models import MarkVocabulary, MarkWord, RegisteredMark
    from ip_filings.services.register import COPY_COLUMNS

    tables = [model._meta.db_table for model in (RegisteredMark, MarkWord, MarkVocabulary)]
    marks, words = tables[0], tables[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
            "AND indexdef NOT LIKE %s AND indexname NOT LIKE %s",
            [tables, "%UNIQUE%", "%pkey"],
        )
        indexes = cursor.fetchall()
        # the GIN builds sort in memory instead of spilling to disk (this transaction only)
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute(f"ALTER TABLE {marks} DISABLE TRIGGER markword_insert")
        sql = f"COPY {marks} ({COPY_COLUMNS}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy, open(path, "rb") as stream:
            while chunk := stream.read(1 << 20):
                copy.write(chunk)
        cursor.execute(f"ALTER TABLE {marks} ENABLE TRIGGER markword_insert")
        cursor.execute(
            f"INSERT INTO {words} (mark_id, word, size) SELECT m.id, w.word, w.size "  # noqa: S608
            f"FROM {marks} AS m, ip_filings_mark_words(m.normalized, m.romanized, m.script) AS w"
        )
        for _name, definition in indexes:
            cursor.execute(definition)
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


@dataclass
class Recall:
    """What one pass over the list found: per kind, with and without the class."""

    found: dict  # {(kind, "class" | "no class"): found count}
    total: dict  # {kind: pairs}
    misses: list  # (pair, "class" | "no class", rank or None, top 3 texts)
    flagged: list  # (negative pair, "class" | "no class", match kind, score)
    top10: dict  # {(pair, mode): [mark numbers]}: the page is compared with it

    def rate(self, mode, kind=None):
        kinds = [kind] if kind else [k for k in self.total if k != "negative"]
        found = sum(self.found.get((k, mode), 0) for k in kinds)
        total = sum(self.total[k] for k in kinds)
        return found / total if total else 1.0

    def lines(self):
        """A report: recall per kind with and without the class, then the misses."""
        out = [f"{'kind':<18} {'pairs':>5} {'class':>8} {'no class':>8}"]
        for kind in [k for k in KINDS if k in self.total and k != "negative"] + [None]:
            total = (
                self.total[kind]
                if kind
                else sum(n for k, n in self.total.items() if k != "negative")
            )
            out.append(
                f"{kind or 'all':<18} {total:>5} {self.rate('class', kind):>8.1%} "
                f"{self.rate('no class', kind):>8.1%}"
            )
        out.append(
            f"negatives flagged high risk: {len(self.flagged)}/{self.total.get('negative', 0)}"
        )
        for pair, mode, rank, top in self.misses:
            where = f"rank {rank}" if rank else "not in the top 20"
            out.append(
                f"  miss ({mode}, {pair.kind}): {pair.query!r} -> {pair.earlier!r} "
                f"[{pair.reason}] {where}; top: {' | '.join(top)}"
            )
        for pair, mode, kind, score in self.flagged:
            out.append(f"  flagged ({mode}): {pair.query!r} vs {pair.earlier!r} as {kind} {score}")
        return out


def measure(pairs, planted, search):
    """Ask every query with its first class and without classes; `search(text, classes)`
    returns PriorMatch lists (the first 20), as the pages show them: the registrations of
    one mark (the same normalised text) grouped in one result (`group_identical`). A pair is
    found when its earlier mark is in the first 10 results: the result itself, one of its
    grouped registrations, or the group of its very text (the register may hold the same
    mark several times: "Nour" in five classes is one mark to the examiner, one line on the
    page). A negative is flagged when its earlier mark comes back high risk."""
    result = Recall(found={}, total={}, misses=[], flagged=[], top10={})
    for pair in pairs:
        result.total[pair.kind] = result.total.get(pair.kind, 0) + 1
        earlier = planted[pair]
        for mode, classes in (("class", [pair.classes[0]]), ("no class", None)):
            matches = search(pair.query, classes)
            ids = [_holds(match, earlier) for match in matches]
            result.top10[(pair, mode)] = [match.mark.number for match in matches[:10]]
            if pair.negative:
                result.flagged += [
                    (pair, mode, match.kind, match.score)
                    for match, held in zip(matches, ids, strict=True)
                    if held and match.risk == "high"
                ]
            elif any(ids[:10]):
                key = (pair.kind, mode)
                result.found[key] = result.found.get(key, 0) + 1
            else:
                rank = ids.index(True) + 1 if any(ids) else None
                top = [match.mark.mark_text for match in matches[:3]]
                result.misses.append((pair, mode, rank, top))
    return result


def _holds(match, earlier):
    """Whether the result `match` is the mark `earlier` (itself, grouped with it, or its
    group: the same normalised text)."""
    return (
        match.mark.pk == earlier.pk
        or match.mark.normalized == earlier.normalized
        or any(other.pk == earlier.pk for other in match.same)
    )
