from __future__ import annotations

from hypothesis import given, settings

from core.vocabulary import DECISIONS
from promotion.stats import Comparison, decide
from tests.promotion_stats.strategies import alphas, methods, min_games, windows


def test_the_three_decisions_are_the_spec_strings() -> None:
    assert DECISIONS == ("swap_production_b", "retain_production", "insufficient_data")
    assert "alias_reorder" not in DECISIONS


@settings(max_examples=300, deadline=None)
@given(window=windows(), method=methods, alpha=alphas, minimum=min_games)
def test_every_decision_is_one_of_the_three_and_b_better_means_swap(
    window: list[Comparison], method: str, alpha: float, minimum: int
) -> None:
    *history, current = window
    decision = decide(current, method=method, alpha=alpha, min_games=minimum, history=history)
    assert decision.decision in DECISIONS
    assert decision.test.b_better is (decision.decision == "swap_production_b")
    assert decision.swap is decision.test.b_better
    assert decision.test.method == method
    assert decision.test.alpha == alpha
