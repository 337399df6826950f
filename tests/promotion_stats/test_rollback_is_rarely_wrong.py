"""The rollback check (promotion/rollback.py): a new Production as good as the model it
replaced is rolled back at most alpha of the time however often it is looked at, and one
clearly worse is rolled back soon."""

from __future__ import annotations

import math

import numpy as np
import pytest

from promotion.rollback import (
    SHORTFALLS,
    Probation,
    lower_bound,
    rollback_check,
    shortfall_e_value,
)

ALPHA = 0.05


def _probation(wins: int, games: int) -> Probation:
    return Probation(
        swap_event_id=1,
        promoted=7,
        demoted=5,
        reference_games=games,
        reference_wins=wins,
        probation_games=1000,
    )


@pytest.mark.parametrize("reference", [0.08, 0.3, 0.55, 0.9])
@pytest.mark.parametrize("true_rate_above", [0.0, 0.01, 0.2])
def test_each_game_is_a_fair_bet_or_worse_when_the_rate_is_at_least_the_bound(
    reference: float, true_rate_above: float
) -> None:
    rate = min(1.0, reference + true_rate_above)
    expected = rate * shortfall_e_value(1, 1, reference=reference) + (
        1.0 - rate
    ) * shortfall_e_value(0, 1, reference=reference)
    weight_used = sum(reference - s > 0 for s in SHORTFALLS) / len(SHORTFALLS)
    assert expected <= weight_used + 1e-12


@pytest.mark.parametrize(("wins", "games"), [(0, 10), (3, 10), (180, 300), (999, 1000)])
def test_the_lower_bound_covers_the_rate_as_often_as_promised(wins: int, games: int) -> None:
    # At the true rate equal to the bound of an outcome k, every outcome with at least k wins
    # puts its bound at or above it: the bound is exactly the rate where P(X >= k) = alpha.
    bound = lower_bound(wins, games, alpha=ALPHA)
    if wins == 0:
        assert bound == 0.0
        return
    tail = sum(
        math.comb(games, k) * bound**k * (1.0 - bound) ** (games - k)
        for k in range(wins, games + 1)
    )
    assert tail == pytest.approx(ALPHA, rel=1e-6)


def _rollbacks(old: float, new: float, *, experiments: int, seed: int) -> list[int | None]:
    """For each experiment: the new Production's games at its rollback (None: never), looking
    after every 10 of up to 1000 games, with the old model's window 300 games."""
    rng = np.random.default_rng(seed)
    found: list[int | None] = []
    for _ in range(experiments):
        probation = _probation(int(rng.binomial(300, old)), 300)
        wins = np.cumsum(rng.random(1000) < new)
        at = None
        for games in range(10, 1001, 10):
            if rollback_check(
                probation, games=games, wins=int(wins[games - 1]), alpha=ALPHA
            ).roll_back:
                at = games
                break
        found.append(at)
    return found


def test_an_equally_good_model_is_rarely_rolled_back_in_a_hundred_looks() -> None:
    experiments = 600
    false = sum(at is not None for at in _rollbacks(0.6, 0.6, experiments=experiments, seed=11))
    margin = 3.0 * math.sqrt(ALPHA * (1 - ALPHA) / experiments)
    assert false / experiments <= ALPHA + margin


def test_a_model_twenty_points_worse_is_rolled_back_within_three_hundred_games() -> None:
    found = _rollbacks(0.6, 0.4, experiments=200, seed=12)
    assert sum(at is not None and at <= 300 for at in found) / len(found) >= 0.9


def test_without_the_old_models_games_it_never_rolls_back() -> None:
    verdict = rollback_check(_probation(0, 0), games=100, wins=0, alpha=ALPHA)
    assert not verdict.roll_back and verdict.lower_bound is None
    assert "left no games to compare with" in verdict.explanation


def test_it_refuses_counts_that_do_not_add_up() -> None:
    with pytest.raises(ValueError, match="wins <= games"):
        rollback_check(_probation(10, 20), games=5, wins=6, alpha=ALPHA)
