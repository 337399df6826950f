from __future__ import annotations

from hypothesis import given, settings

from promotion.stats import Comparison, decide
from tests.promotion_stats.strategies import alphas, methods, min_games, windows

REVIEW = Comparison(production_games=16, production_wins=13, b_games=30, b_wins=25)


def test_the_ztest_explains_the_reviews_swap_in_one_sentence() -> None:
    decision = decide(REVIEW, method="ztest", alpha=0.05, min_games=3)
    assert decision.reason == (
        "B won 25 of 30 games (83%) against Production's 13 of 16 (81%); "
        "z = 0.18, p = 0.43 ≥ 0.05 → keep Production"
    )


def test_the_point_rule_says_it_swapped_on_the_rate_alone() -> None:
    reason = decide(REVIEW, method="point", alpha=0.05, min_games=3).reason
    assert reason.startswith("B won 25 of 30 games (83%) against Production's 13 of 16 (81%)")
    assert "→ swap Production and B" in reason
    assert "z = 0.18, p = 0.43" in reason


def test_the_sequential_test_shows_its_evidence() -> None:
    history = [Comparison(8, 7, 15, 12)]
    decision = decide(REVIEW, method="sequential", alpha=0.05, min_games=3, history=history)
    test = decision.test
    assert test.always_valid_p_value is not None and test.e_value is not None
    assert f"always-valid p = {test.always_valid_p_value:.2f} ≥ 0.05" in decision.reason
    assert f"e-value {test.e_value:.3g}" in decision.reason
    assert decision.reason.endswith("→ keep Production")


def test_insufficient_data_names_the_short_slot() -> None:
    decision = decide(Comparison(2, 1, 5, 4), method="ztest", alpha=0.05, min_games=3)
    assert decision.reason == (
        "B won 4 of 5 games (80%) against Production's 1 of 2 (50%); "
        "Production has 2 games since the swap, fewer than the 3 needed → not enough data yet"
    )


@settings(max_examples=300, deadline=None)
@given(window=windows(), method=methods, alpha=alphas, minimum=min_games)
def test_every_explanation_carries_both_slots_counts_and_the_decision(
    window: list[Comparison], method: str, alpha: float, minimum: int
) -> None:
    *history, c = window
    decision = decide(c, method=method, alpha=alpha, min_games=minimum, history=history)
    assert f"B won {c.b_wins} of {c.b_games} game" in decision.reason
    assert f"Production's {c.production_wins} of {c.production_games}" in decision.reason
    verdict = {
        "swap_production_b": "→ swap Production and B",
        "retain_production": "→ keep Production",
        "insufficient_data": "→ not enough data yet",
    }[decision.decision]
    assert verdict in decision.reason
    if decision.test.z_statistic is not None and decision.decision != "insufficient_data":
        assert f"z = {decision.test.z_statistic:.2f}" in decision.reason
