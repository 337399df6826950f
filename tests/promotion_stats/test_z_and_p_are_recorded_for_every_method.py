from __future__ import annotations

from hypothesis import given, settings

from core.vocabulary import METHODS
from promotion.stats import Comparison, decide, two_proportion_z
from tests.promotion_stats.strategies import alphas, min_games, windows


@settings(max_examples=200, deadline=None)
@given(window=windows(), alpha=alphas, minimum=min_games)
def test_every_method_records_the_same_z_and_p_and_only_sequential_an_always_valid_p(
    window: list[Comparison], alpha: float, minimum: int
) -> None:
    *history, current = window
    z, p = two_proportion_z(current)
    for method in METHODS:
        test = decide(current, method=method, alpha=alpha, min_games=minimum, history=history).test
        assert (test.z_statistic, test.p_value) == (z, p)
        if method == "sequential":
            assert test.always_valid_p_value is not None and test.e_value is not None
            assert 0.0 < test.always_valid_p_value <= 1.0
        else:
            assert test.always_valid_p_value is None and test.e_value is None
