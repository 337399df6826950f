from __future__ import annotations

from hypothesis import given, settings

from core.vocabulary import RETAIN, SWAP
from promotion.stats import Comparison, decide
from tests.promotion_stats.strategies import windows


def _window(cycles: int, production: tuple[int, int], b: tuple[int, int]) -> list[Comparison]:
    """Each cycle adds the same (games, wins) to each slot."""
    return [
        Comparison(k * production[0], k * production[1], k * b[0], k * b[1])
        for k in range(1, cycles + 1)
    ]


def test_b_winning_four_of_four_against_one_of_four_each_cycle_is_swapped_within_a_few_cycles():
    window = _window(10, production=(4, 1), b=(4, 4))
    decisions = [
        decide(current, method="sequential", alpha=0.05, min_games=3, history=window[:i])
        for i, current in enumerate(window)
    ]
    first_swap = next(i for i, d in enumerate(decisions) if d.decision == SWAP)
    assert 1 <= first_swap <= 3  # a first block of four games a slot cannot reach 1/alpha
    swap = decisions[first_swap]
    assert swap.test.always_valid_p_value is not None and swap.test.always_valid_p_value < 0.05
    assert swap.test.e_value is not None and swap.test.e_value > 20


def test_b_behind_every_cycle_is_never_swapped() -> None:
    window = _window(50, production=(4, 3), b=(4, 2))
    previous = 1.0
    for i, current in enumerate(window):
        decision = decide(current, method="sequential", alpha=0.05, min_games=3, history=window[:i])
        assert decision.decision == RETAIN
        # The prior bets on B at first; with B behind every cycle each bet loses, so the e-value
        # only falls (and the bets stop once the observed deficit outweighs the prior).
        e_value = decision.test.e_value
        assert e_value is not None and e_value <= previous
        assert decision.test.always_valid_p_value == 1.0
        previous = e_value
    assert previous < 1.0


@settings(max_examples=200, deadline=None)
@given(window=windows(max_cycles=20))
def test_the_always_valid_p_value_never_rises_within_a_window(window: list[Comparison]) -> None:
    previous = 1.0
    for i, current in enumerate(window):
        decision = decide(current, method="sequential", alpha=0.05, min_games=3, history=window[:i])
        p = decision.test.always_valid_p_value
        assert p is not None and 0.0 < p <= previous
        previous = p


def test_overwhelming_evidence_stays_a_finite_number() -> None:
    # Promotion paused for a long time while B wins everything: the e-value would overflow.
    window = _window(60, production=(50, 0), b=(50, 50))
    decision = decide(window[-1], method="sequential", alpha=0.05, min_games=3, history=window)
    assert decision.decision == SWAP
    assert decision.test.e_value is not None and 1e290 < decision.test.e_value < float("inf")
    assert decision.test.always_valid_p_value == 0.0
    assert "always-valid p < 0.0001 < 0.05" in decision.reason
