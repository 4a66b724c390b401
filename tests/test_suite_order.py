"""The suite's own order: tests that mostly wait are spread through the run, and none is lost."""

from __future__ import annotations

from itertools import pairwise

from tests.conftest import spread


def test_waiting_tests_are_spread_over_the_first_three_quarters_and_none_is_lost() -> None:
    items = list(range(100))
    ordered = spread(items, [item >= 90 for item in items])
    assert sorted(ordered) == items
    assert [item for item in ordered if item < 90] == list(range(90))
    positions = [ordered.index(item) for item in range(90, 100)]
    assert positions == sorted(positions)
    assert positions[0] == 0 and positions[-1] < 75
    assert min(later - earlier for earlier, later in pairwise(positions)) >= 6


def test_a_run_of_only_waiting_or_only_other_tests_keeps_its_order() -> None:
    assert spread([3, 1, 2], [True, True, True]) == [3, 1, 2]
    assert spread([3, 1, 2], [False, False, False]) == [3, 1, 2]
