from __future__ import annotations

import pytest

from promotion.stats import Comparison, decide

COMPARISON = Comparison(production_games=10, production_wins=5, b_games=10, b_wins=8)


def test_an_unknown_method_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown method 'bayes'"):
        decide(COMPARISON, method="bayes", alpha=0.05, min_games=3)


@pytest.mark.parametrize("alpha", [0.0, -0.1, 0.6, 1.0])
def test_an_alpha_outside_zero_to_a_half_is_refused(alpha: float) -> None:
    with pytest.raises(ValueError, match="alpha"):
        decide(COMPARISON, method="ztest", alpha=alpha, min_games=3)


def test_a_negative_minimum_is_refused() -> None:
    with pytest.raises(ValueError, match="min_games"):
        decide(COMPARISON, method="point", alpha=0.05, min_games=-1)
