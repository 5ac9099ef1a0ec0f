"""The prior-mark search benchmark's queries, timings and checks (bench/marks.py): the mix
of queries, sequential and concurrent timing, the word door's agreement with the
exhaustive search, and the recall@10 of the public list of hard pairs."""

import re
import statistics
import threading
import time

from bench.common import percentile


def perturb(text, rng):
    """A plausible variant a user might type: a swap, a doubled or dropped letter, accents."""
    if len(text) < 4:
        return text.upper()
    index = rng.randrange(1, len(text) - 2)
    choice = rng.random()
    if choice < 0.3:
        return text[:index] + text[index + 1] + text[index] + text[index + 2 :]
    if choice < 0.55:
        return text[:index] + text[index] + text[index:]
    if choice < 0.8:
        return text[:index] + text[index + 1 :]
    return text.upper().replace("E", "É", 1)


COMMON_QUERIES = [
    "Atlas",
    "Maroc",
    "Star",
    "Best Food",
    "Atlaz",
    "Royal Food",
    "Golden Star",
    "Maroc Telecom",
    "Sahara Nour",
    "أطلس",
    "نور",
    "Bio Argan",
]
GROUPS = ("classes", "no class", "common")


def build_queries(sample, count, rng):
    """(group, kind, text, classes) tuples: the mix described in the module docstring."""
    from ip_filings.services.register import _WORDS

    latin = [row for row in sample if row[2] == "latin"]
    arabic = [row for row in sample if row[2] == "arabic"]
    queries = []
    for index in range(count):
        kind = ("exact", "misspelt", "lowercase", "arabic")[index % 4]
        pool = arabic if kind == "arabic" and arabic else latin
        text, classes, _script = rng.choice(pool)
        if kind == "misspelt":
            text = perturb(text, rng)
        elif kind == "lowercase":
            text = text.lower()
        mode = index % 3
        if mode == 0:
            queries.append(("classes", kind, text, list(classes[:1])))
        elif mode == 1:
            queries.append(("classes", kind, text, [*classes, rng.randint(1, 45)]))
        else:
            queries.append(("no class", kind, text, []))
    # class-less queries of common words: a quarter of the class-less ones
    common_words = {word.lower() for word in _WORDS}
    holding = [row for row in latin if common_words & set(row[0].lower().split())]
    for index in range(max(len(COMMON_QUERIES), count // 12)):
        if index < len(COMMON_QUERIES):
            queries.append(("common", "named", COMMON_QUERIES[index], []))
        elif holding:
            text = rng.choice(holding)[0]
            if index % 2:
                queries.append(("common", "register, misspelt", perturb(text, rng), []))
            else:
                queries.append(("common", "register", text, []))
    rng.shuffle(queries)
    return queries


def time_searches(queries, search):
    """[(group, kind, ms)] for each query, one after the other."""
    timings = []
    for group, kind, text, chosen in queries:
        started = time.perf_counter()
        search(text, chosen)
        timings.append((group, kind, (time.perf_counter() - started) * 1000))
    return timings


def time_concurrently(queries, search, concurrency, *, after=None):
    """(elapsed seconds, [(group, kind, ms)]) with `concurrency` threads sharing the queries."""
    lock = threading.Lock()
    timings = []

    def worker(part):
        local = time_searches(part, search)
        if after:
            after()
        with lock:
            timings.extend(local)

    parts = [queries[index::concurrency] for index in range(concurrency)]
    threads = [threading.Thread(target=worker, args=(part,)) for part in parts]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, timings


def summary(timings):
    """{label: (count, p50, p95)} overall, per group and per (group, kind)."""
    out = {"all": [ms for _group, _kind, ms in timings]}
    for group, kind, ms in timings:
        out.setdefault(group, []).append(ms)
        out.setdefault(f"{group} / {kind}", []).append(ms)
    return {
        label: (len(values), percentile(values, 0.5), percentile(values, 0.95))
        for label, values in out.items()
    }


def print_summaries(title, runs, *, elapsed=None):
    """One line per label: median over the runs of p50 and p95 (and of throughput)."""
    print(f"{title} ({len(runs)} run{'s' if len(runs) > 1 else ''}, medians):")
    if elapsed:
        rates = [len(timings) / seconds for seconds, timings in zip(elapsed, runs, strict=True)]
        print(
            f"  throughput {statistics.median(rates):.0f} searches/s "
            f"(runs: {', '.join(f'{rate:.0f}' for rate in rates)})"
        )
    summaries = [summary(timings) for timings in runs]
    labels = sorted(summaries[0], key=lambda label: (label != "all", label))
    for label in labels:
        count = summaries[0][label][0]
        p50 = statistics.median(s[label][1] for s in summaries if label in s)
        p95s = [s[label][2] for s in summaries if label in s]
        print(
            f"  {label:<34} n={count:<4} p50 {p50:6.1f} ms  p95 {statistics.median(p95s):6.1f} ms"
            f"  (p95 per run: {', '.join(f'{value:.0f}' for value in p95s)})"
        )


def measure_recall(search_prior_marks, connection):
    """The public list of hard pairs (tests/ip_filings/data/search_pairs.csv) planted in the
    register: recall@10 with the class and without, negatives flagged high risk."""
    from ip_filings.models import RegisteredMark
    from tests.ip_filings.recall import PLANTED_PREFIX, load_pairs, measure, plant

    RegisteredMark.objects.filter(number__startswith=PLANTED_PREFIX).delete()
    pairs = load_pairs()
    planted = plant(pairs)
    result = measure(
        pairs,
        planted,
        lambda text, classes: search_prior_marks(text, classes, group_identical=True),
    )
    print(f"hard pairs planted in the register ({len(pairs)} rows):")
    for line in result.lines():
        print(f"  {line}")
    return {
        "pairs": sum(not pair.negative for pair in pairs),
        "recall_at_10_with_class": round(result.rate("class"), 4),
        "recall_at_10_without_class": round(result.rate("no class"), 4),
        "negatives_flagged_high": len(result.flagged),
    }


def measure_agreement(queries, search_prior_marks):
    """What the word door changes in the top 20 of the class-less queries.

    Both searches keep a bounded number of candidates, and the exhaustive one breaks
    ties among equally similar marks (thousands of "Atlas X") in no particular order,
    so the same marks cannot be expected: what counts is that the word door's i-th
    result scores as high as the exhaustive one's ("ranks matched"). The share of the
    same marks is printed too.
    """
    ranks, same_marks, whole, exhaustive_ms = [], [], 0, []
    strong_matched = strong = 0  # ranks where the exhaustive result is medium or high risk
    worst = []
    for group, _kind, text, chosen in queries:
        if chosen:
            continue
        started = time.perf_counter()
        exhaustive = search_prior_marks(text, None, word_door=False)
        exhaustive_ms.append((time.perf_counter() - started) * 1000)
        words = search_prior_marks(text, None, word_door=True)
        if not exhaustive:
            ranks.append(1.0)
            same_marks.append(1.0)
            whole += 1
            continue
        theirs = [match.score for match in exhaustive]
        ours = [match.score for match in words] + [0.0] * len(theirs)
        pairs = list(zip(ours, theirs, strict=False))
        matched = sum(mine >= their - 1e-9 for mine, their in pairs)
        strong += sum(match.risk != "low" for match in exhaustive)
        strong_matched += sum(
            mine >= their - 1e-9
            for (mine, their), match in zip(pairs, exhaustive, strict=False)
            if match.risk != "low"
        )
        ranks.append(matched / len(theirs))
        whole += matched == len(theirs)
        ids = {match.mark.pk for match in exhaustive}
        same_marks.append(len(ids & {match.mark.pk for match in words}) / len(ids))
        worst.append((matched / len(theirs), group, text))
    worst.sort()
    print(
        f"word door vs exhaustive trigram search, {len(ranks)} class-less queries: "
        f"ranks matched {statistics.mean(ranks):.3f} (whole top 20 matched: {whole}/{len(ranks)}), "
        f"ranks matched where the exhaustive result is medium or high risk "
        f"{strong_matched}/{strong}, same marks {statistics.mean(same_marks):.3f}; "
        f"exhaustive search alone "
        f"p50 {percentile(exhaustive_ms, 0.5):.0f} ms, p95 {percentile(exhaustive_ms, 0.95):.0f} ms"
    )
    for share, group, text in worst[:8]:
        if share < 1:
            print(f"  lowest: {share:.2f} for {text!r} ({group})")


def explain(connection, transaction):
    from carres.text import match_keys, script_of
    from ip_filings.search import candidate_query, trigram_settings_sql

    for text, chosen in (("Atlas Délice", (30, 43)), ("أطلس", (30,)), ("Atlas Bachan", ())):
        keys = match_keys(text)
        sql, params = candidate_query(keys, chosen, query_script=script_of(text))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(*trigram_settings_sql(not chosen))
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        print(f"EXPLAIN ANALYZE (query {text!r}, classes {chosen}):")
        print(plan)
        used = sorted(set(re.findall(r"(?:Index Scan|Index Only Scan) (?:using|on) (\w+)", plan)))
        print(f"indexes used: {', '.join(used) or 'none'}")
