from __future__ import annotations

import pytest
from hypothesis import given, settings

from core.vocabulary import INSUFFICIENT, METHODS
from promotion.stats import Comparison, decide
from tests.promotion_stats.strategies import alphas, comparisons, methods, min_games


@settings(max_examples=300, deadline=None)
@given(comparison=comparisons(max_games=12), method=methods, alpha=alphas, minimum=min_games)
def test_a_slot_below_min_games_means_insufficient_data_and_otherwise_never(
    comparison: Comparison, method: str, alpha: float, minimum: int
) -> None:
    decision = decide(comparison, method=method, alpha=alpha, min_games=minimum, history=())
    short = min(comparison.production_games, comparison.b_games) < max(minimum, 1)
    assert (decision.decision == INSUFFICIENT) is short


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    "comparison",
    [
        Comparison(production_games=2, production_wins=0, b_games=30, b_wins=30),
        Comparison(production_games=30, production_wins=0, b_games=2, b_wins=2),
    ],
)
def test_even_a_lopsided_lead_waits_for_the_minimum_in_either_slot(
    method: str, comparison: Comparison
) -> None:
    decision = decide(comparison, method=method, alpha=0.05, min_games=3, history=())
    assert decision.decision == INSUFFICIENT
    assert "fewer than the 3 needed" in decision.reason


@pytest.mark.parametrize("method", METHODS)
def test_a_slot_without_games_is_insufficient_even_with_min_games_zero(method: str) -> None:
    comparison = Comparison(production_games=0, production_wins=0, b_games=5, b_wins=5)
    decision = decide(comparison, method=method, alpha=0.05, min_games=0, history=())
    assert decision.decision == INSUFFICIENT
