"""Secondary suppression: no "< 5" can be worked out from the country's total."""

import itertools

import pytest

from carres.statistics.suppression import PROTECTION, TOTAL, complements, is_small


def readings(total, parts, masked):
    """What a reader can work out: every assignment of the masked cells that agrees with
    the published total, "< 5" being 1..4 and a masked count 5 or more. {name: {values}}."""
    rest = total - sum(v for n, v in parts.items() if n not in masked)
    ranges = {name: range(1, 5) if is_small(parts[name]) else range(5, rest + 1) for name in masked}
    possible = {name: set() for name in masked}
    for values in itertools.product(*ranges.values()):
        if sum(values) == rest:
            for name, value in zip(ranges, values, strict=True):
                possible[name].add(value)
    return possible


def test_one_small_region_beside_shown_ones_gets_a_second_cell_masked():
    # The fixture's figures: 8 in the country, 6 in MA-06, 2 in MA-09.
    parts = {"MA-06": 6, "MA-09": 2}
    assert complements(8, parts) == {"MA-06"}
    assert readings(8, parts, {"MA-06", "MA-09"})["MA-09"] == {1, 2, 3}


def test_without_the_second_cell_the_small_one_comes_back():
    assert readings(8, {"MA-06": 6, "MA-09": 2}, {"MA-09"})["MA-09"] == {2}


def test_nothing_small_nothing_masked():
    assert complements(30, {"MA-01": 10, "MA-02": 20}) == set()


def test_a_small_total_asks_nothing():
    assert complements(4, {"MA-01": 3, "MA-02": 1}) == set()


def test_the_smallest_complement_that_protects_is_chosen():
    # 5 beside a 1 leaves 6 = 1 + 5: the 1 would come back; 9 beside it protects it.
    parts = {"MA-01": 1, "MA-02": 5, "MA-03": 9, "MA-04": 40}
    assert complements(55, parts) == {"MA-03"}


def test_two_small_ones_that_give_each_other_away_get_a_complement():
    # 4 + 4 = 8: both "< 5" must be 4.
    parts = {"MA-01": 4, "MA-02": 4, "MA-03": 12}
    extra = complements(20, parts)
    assert extra == {"MA-03"}
    possible = readings(20, parts, {"MA-01", "MA-02", "MA-03"})
    assert all(len(possible[n]) >= PROTECTION for n in ("MA-01", "MA-02"))


def test_no_complement_available_masks_the_total():
    assert complements(6, {"MA-01": 2, "MA-02": 0}) == {TOTAL}


@pytest.mark.parametrize(
    "parts",
    [
        {"a": 1, "b": 5, "c": 5, "d": 5, "e": 30},
        {"a": 3, "b": 7},
        {"a": 2, "b": 3, "c": 6, "d": 6},
        {"a": 4, "b": 1, "c": 5, "d": 11, "e": 0},
        {"a": 1, "b": 9},
    ],
)
def test_no_small_count_is_recoverable(parts):
    total = sum(parts.values())
    extra = complements(total, parts)
    if TOTAL in extra:
        return  # the total is not published: nothing to subtract from
    masked = {n for n, v in parts.items() if is_small(v)} | extra
    for name, values in readings(total, parts, masked).items():
        if is_small(parts[name]):
            assert parts[name] in values
            assert len(values) >= PROTECTION
