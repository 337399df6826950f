from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings

from core.vocabulary import RETAIN, SWAP
from promotion.stats import Comparison, decide
from tests.promotion_stats.strategies import comparisons


@pytest.mark.parametrize(
    "comparison",
    [
        Comparison(production_games=4, production_wins=3, b_games=8, b_wins=6),
        Comparison(production_games=30, production_wins=25, b_games=30, b_wins=25),
        Comparison(production_games=3, production_wins=0, b_games=7, b_wins=0),
    ],
)
def test_a_tie_keeps_production(comparison: Comparison) -> None:
    decision = decide(comparison, method="point", alpha=0.05, min_games=3)
    assert decision.decision == RETAIN


def test_the_reviews_swap_is_what_the_point_rule_decides() -> None:
    # promotion-review.md: B 25/30 (83.3%) against Production 13/16 (81.2%) -> swapped.
    comparison = Comparison(production_games=16, production_wins=13, b_games=30, b_wins=25)
    assert decide(comparison, method="point", alpha=0.05, min_games=3).decision == SWAP


@settings(max_examples=300, deadline=None)
@given(comparison=comparisons())
def test_the_point_rule_swaps_exactly_when_b_rate_is_higher(comparison: Comparison) -> None:
    decision = decide(comparison, method="point", alpha=0.05, min_games=1)
    if comparison.production_games == 0 or comparison.b_games == 0:
        return
    b_higher = Fraction(comparison.b_wins, comparison.b_games) > Fraction(
        comparison.production_wins, comparison.production_games
    )
    assert (decision.decision == SWAP) is b_higher
