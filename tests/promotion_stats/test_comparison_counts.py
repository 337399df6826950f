from __future__ import annotations

import pytest

from promotion.stats import Comparison


@pytest.mark.parametrize("counts", [(-1, 0, 3, 1), (3, 4, 3, 1), (3, 1, 2, 3), (3, -1, 3, 1)])
def test_impossible_counts_are_refused(counts: tuple[int, int, int, int]) -> None:
    with pytest.raises(ValueError, match="wins <= games"):
        Comparison(*counts)


def test_rates_are_none_without_games() -> None:
    empty = Comparison(production_games=0, production_wins=0, b_games=4, b_wins=1)
    assert empty.production_rate is None
    assert empty.b_rate == 0.25
    assert empty.b_losses == 3 and empty.total_games == 4


def test_since_subtracts_the_baseline_as_the_review_table_does() -> None:
    # promotion-review.md, xgboost: baseline 13/16 and 25/30 at the 22:37:44 swap, then 14/17
    # and 26/31 at 00:52:51 -> one game (and one win) each since the swap.
    baseline = Comparison(production_games=16, production_wins=13, b_games=30, b_wins=25)
    current = Comparison(production_games=17, production_wins=14, b_games=31, b_wins=26)
    assert current.since(baseline) == Comparison(1, 1, 1, 1)
    assert baseline.since(baseline) == Comparison(0, 0, 0, 0)


def test_a_baseline_ahead_of_the_counts_is_refused() -> None:
    with pytest.raises(ValueError, match="baseline"):
        Comparison(16, 13, 30, 25).since(Comparison(17, 14, 30, 25))
