"""Secondary suppression: a count under 5 published as "< 5" must not be recoverable from a total.

In a data set by region, the country's row ("MA") of a month and key is the total of its
regions' rows. With one region's count hidden and the others shown, the country minus the
shown regions gives the hidden count back. So, in every such group, more cells are masked
(the smallest counts first, then the total itself if that is not enough) until each hidden
small count could still be any of at least PROTECTION values for a reader who knows the total,
the shown cells, that a "< 5" is from 1 to 4 and that a masked cell is 5 or more.

This runs when the nightly task computes the rows (carres.statistics.compute): the masked
cells are stored with the row (`StatisticRow.hidden`), and every reader publishes them masked.
Totals over months on the statistics page never undo it: with a hidden part they are given as
"at least" the sum of the shown parts (carres.statistics.views).
"""

from carres.statistics.registry import NATIONAL, SMALL_COUNT

PROTECTION = 3  # a hidden count from 1 to 4 stays any of at least 3 values
TOTAL = object()  # the group's total, in the answer of complements()


def is_small(value):
    return value is not None and 0 < value < SMALL_COUNT


def _bounds(value, small):
    """What a reader knows of a masked cell: "< 5" is 1..4, a masked larger count is ≥ 5."""
    return (1, SMALL_COUNT - 1) if small else (SMALL_COUNT, None)


def protected(masked):
    """True when every small count among `masked` ({name: value}) keeps PROTECTION possible
    values, knowing only the sum of the masked cells (the total minus the shown cells)."""
    total = sum(masked.values())
    for name, value in masked.items():
        if not is_small(value):
            continue
        others = [_bounds(v, is_small(v)) for n, v in masked.items() if n != name]
        lowest_others = sum(low for low, _high in others)
        highs = [high for _low, high in others]
        highest_others = None if None in highs else sum(highs)
        high = min(SMALL_COUNT - 1, total - lowest_others)
        low = 1 if highest_others is None else max(1, total - highest_others)
        if high - low + 1 < PROTECTION:
            return False
    return True


def complements(total, parts):
    """The cells to mask besides the small ones, so that none is recoverable from `total`.

    `parts`: {name: count} of the cells whose sum is `total` (a total that is itself small,
    or None when not published, protects nothing and asks for nothing). Returns a set of
    names of `parts`, with TOTAL in it when even masking every part is not enough."""
    if total is None or is_small(total):
        return set()
    masked = {name: value for name, value in parts.items() if is_small(value)}
    if not masked:
        return set()
    extra = set()
    candidates = sorted(
        ((value, name) for name, value in parts.items() if value and name not in masked),
        key=lambda pair: (pair[0], str(pair[1])),
    )
    while not protected(masked):
        if not candidates:
            return extra | {TOTAL}
        enough = next(
            (pair for pair in candidates if protected({**masked, pair[1]: pair[0]})), None
        )
        value, name = enough or candidates[-1]  # the largest widens the range most
        candidates.remove((value, name))
        masked[name] = value
        extra.add(name)
    return extra


def mask_rows(dataset, rows):
    """Set `row["_hidden"]` (the names of the cells to mask beside the "< 5" ones) on the
    computed rows of a data set by region: per month, key and count field, the country's row
    is the total of the regions' rows."""
    if not dataset.by_region:
        return rows
    groups = {}
    for row in rows:
        group = (row["period"], tuple(row[k] for k in dataset.keys))
        groups.setdefault(group, {})[row["region"]] = row
    counts = [f.name for f in dataset.values if f.suppress]
    for regions in groups.values():
        national = regions.get(NATIONAL)
        parts = {code: row for code, row in regions.items() if code != NATIONAL}
        if national is None or not parts:
            continue
        for name in counts:
            extra = complements(
                national.get(name), {code: row.get(name) or 0 for code, row in parts.items()}
            )
            for code in extra:
                target = national if code is TOTAL else parts[code]
                target.setdefault("_hidden", []).append(name)
    return rows
