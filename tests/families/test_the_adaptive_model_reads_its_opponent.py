"""A real adaptive model (mnlogit experts fitted on scripted games) reads whom it plays within
one game: the weight on the right expert grows over the game's rounds, and against a random
player the mixture falls back on the uniform expert, so on value play."""

from __future__ import annotations

import numpy as np
import pytest

from games.engine.opponents import SCRIPTED_OPPONENTS
from games.engine.prediction import FrequencyPredictor
from games.engine.simulation import simulate_game
from training.learning.families.adaptive import AdaptiveModel

from .adaptive_data import fit_adaptive, rows_of

GAMES = 8


@pytest.fixture(scope="module")
def model() -> AdaptiveModel:
    return fit_adaptive()


def _weights(model: AdaptiveModel, opponent: str, expert: str, noise: float = 0.1):
    """The expert's weight before the first predicted round and after the last, per game."""
    first, last, spread = [], [], []
    for g in range(GAMES):
        played = simulate_game(
            game_id=f"read:{opponent}:{noise}:{g}",
            opponent=opponent,
            predictor=FrequencyPredictor(),
            noise=noise,
        )
        rows = rows_of(played.history)
        trace = model.predict_game(rows.X, rows.y)
        at = model.names.index(expert)
        first.append(trace.weights[0, at])
        last.append(trace.weights[-1, at])
        spread.append(np.abs(trace.probabilities[-1] - 1 / 3).max())
    return np.mean(first), np.mean(last), np.mean(spread)


def test_every_scripted_opponent_has_its_own_expert(model):
    assert set(SCRIPTED_OPPONENTS) <= set(model.names)


@pytest.mark.parametrize("opponent", [o for o in SCRIPTED_OPPONENTS if o != "Dan"])
def test_the_weight_on_a_habits_own_expert_grows_within_the_game(model, opponent):
    prior, after, _ = _weights(model, opponent, opponent)
    assert after > 2.5 * prior


def test_even_dans_weighted_draw_moves_weight_towards_his_expert(model):
    # Dan's habit is a weighted random draw: a game of ten rounds says little, but it says it.
    prior, after, _ = _weights(model, "Dan", "Dan")
    assert after > prior


def test_against_a_random_player_it_reverts_to_uniform(model):
    prior, after, spread = _weights(model, "Ace", "uniform", noise=1.0)
    assert after > 1.5 * prior
    assert spread < 0.2
