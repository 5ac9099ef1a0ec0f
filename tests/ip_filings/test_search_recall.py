"""Recall of the prior-mark search on the public list of hard pairs, in a big register.

The list (tests/ip_filings/data/search_pairs.csv, described in the README next to it)
is planted among REGISTER_MARKS synthetic marks (the benchmark's generator, COPY from a
file cached in .pytest_cache between runs), and every query is asked through the search
service with its class and without classes; a sample goes through the public page too.
"""

import re
import time

import pytest

from ip_filings.search import search_prior_marks
from tests.ip_filings.recall import (
    DATA,
    KINDS,
    load_pairs,
    load_register,
    measure,
    plant,
    register_file,
)

REGISTER_MARKS = 300_000
# Issue 21's goals. Reached with this list (the report printed by -s), on 409 pairs:
# before issue 21's sound key and generic words, 85.3 % with the class and 70.2 % without;
# with them, 99.5 % and 90.5 %; with the folded spelling's alignment across scripts and
# the article compared, see the closing note of issue 21 (the list has grown since).
# With the query's spelling variants (x/ch, h/kh, a mute final e), on 435 pairs: 99.8 % and
# 94.9 %, no negative flagged high risk.
MIN_RECALL_WITH_CLASS = 0.97
MIN_RECALL_WITHOUT_CLASS = 0.93
PAGE_SAMPLE = 25


def test_search_pairs_list_is_well_formed():
    pairs = load_pairs()
    counts = {kind: sum(pair.kind == kind for pair in pairs) for kind in KINDS}
    assert sum(n for kind, n in counts.items() if kind != "negative") >= 300, counts
    assert counts["negative"] >= 60, counts
    assert all(counts.values()), counts
    keys = [(pair.kind, pair.query, pair.earlier) for pair in pairs]
    assert len(keys) == len(set(keys))
    assert all(pair.query != pair.earlier for pair in pairs)
    assert DATA.with_name("README.md").exists()


@pytest.fixture
def big_register(db, request, tmp_path_factory):
    started = time.monotonic()
    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
    folder = cache.mkdir("prior-mark-register") if cache else tmp_path_factory.mktemp("register")
    path = register_file(REGISTER_MARKS, folder)
    generated = time.monotonic()
    load_register(path)
    print(
        f"\nregister file {generated - started:.1f} s, COPY and ANALYZE "
        f"{time.monotonic() - generated:.1f} s"
    )


def _page_numbers(html):
    """The register numbers of the page's matches, in order."""
    return re.findall(r'class="tm-match[ "].*?N°\s*<span dir="ltr">([^<]+)</span>', html, re.S)


def test_search_recall_on_the_hard_pairs_among_300000_marks(big_register, client):
    pairs = load_pairs()
    planted = plant(pairs)
    started = time.monotonic()
    result = measure(
        pairs,
        planted,
        lambda text, classes: search_prior_marks(text, classes, group_identical=True),
    )
    searches = 2 * len(pairs)
    print(
        f"{searches} searches in {time.monotonic() - started:.1f} s\n" + "\n".join(result.lines())
    )
    # a sample through the public page: the same first ten marks as the service
    positives = [pair for pair in pairs if not pair.negative]
    for pair in positives[:: len(positives) // PAGE_SAMPLE][:PAGE_SAMPLE]:
        for mode, classes in (("class", str(pair.classes[0])), ("no class", "")):
            response = client.get(
                "/fr/trademarks/search/", {"mark": pair.query, "classes": classes}
            )
            assert response.status_code == 200
            shown = _page_numbers(response.content.decode())[:10]
            assert shown == result.top10[(pair, mode)], (pair, mode)
    assert result.flagged == [], "\n".join(result.lines())
    assert result.rate("class") >= MIN_RECALL_WITH_CLASS, "\n".join(result.lines())
    assert result.rate("no class") >= MIN_RECALL_WITHOUT_CLASS, "\n".join(result.lines())
