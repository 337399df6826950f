from __future__ import annotations

from dataclasses import replace

from hypothesis import assume, given, settings

from core.vocabulary import RETAIN, SWAP
from promotion.stats import Comparison, decide
from tests.promotion_stats.strategies import alphas, methods, min_games, windows


@settings(max_examples=400, deadline=None)
@given(window=windows(), method=methods, alpha=alphas, minimum=min_games)
def test_one_more_b_win_in_place_of_a_loss_never_undoes_a_swap(
    window: list[Comparison], method: str, alpha: float, minimum: int
) -> None:
    *history, current = window
    earlier = history[-1] if history else Comparison(0, 0, 0, 0)
    # The extra win must come from this cycle's games, so the history stays as it was.
    assume(current.b_losses > earlier.b_losses)
    better = replace(current, b_wins=current.b_wins + 1)
    before = decide(current, method=method, alpha=alpha, min_games=minimum, history=history)
    after = decide(better, method=method, alpha=alpha, min_games=minimum, history=history)
    if before.decision == SWAP:
        assert after.decision == SWAP
    if after.decision == RETAIN:
        assert before.decision == RETAIN


@settings(max_examples=400, deadline=None)
@given(window=windows(), method=methods, alpha=alphas, minimum=min_games)
def test_one_more_production_win_never_turns_a_retain_into_a_swap(
    window: list[Comparison], method: str, alpha: float, minimum: int
) -> None:
    *history, current = window
    earlier = history[-1] if history else Comparison(0, 0, 0, 0)
    assume(current.production_losses > earlier.production_losses)
    better = replace(current, production_wins=current.production_wins + 1)
    before = decide(current, method=method, alpha=alpha, min_games=minimum, history=history)
    after = decide(better, method=method, alpha=alpha, min_games=minimum, history=history)
    if before.decision == RETAIN:
        assert after.decision == RETAIN


def test_the_sequential_decision_rises_with_b_wins_across_its_swap_boundary() -> None:
    # Earlier games favour B (7/8 against 2/8), so this cycle's block is a large bet and some
    # of its outcomes cross 1/alpha: every (Production wins, B wins) of ten games each.
    earlier = Comparison(production_games=8, production_wins=2, b_games=8, b_wins=7)
    seen = set()
    for production_wins in range(11):
        swapping = [
            decide(
                Comparison(18, 2 + production_wins, 18, 7 + b_wins),
                method="sequential",
                alpha=0.05,
                min_games=3,
                history=[earlier],
            ).decision
            == SWAP
            for b_wins in range(11)
        ]
        seen.update(swapping)
        assert swapping == sorted(swapping), (production_wins, swapping)
    assert seen == {True, False}
