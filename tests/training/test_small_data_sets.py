"""On a small data set the pipeline trains what can be trained and says what could not: a
cross-validation fold left with one player's moves is dropped (and counted), and a data set
whose training part lacks a move is "not enough data", a clean skip, not a crash."""

from __future__ import annotations

import numpy as np
import pytest

from games.engine.features import FEATURE_COUNT
from training.learning.dataset import Dataset
from training.learning.pipeline import NotEnoughData, train_candidate

GAMES, ROWS = 12, 10
ROCK = 0


def data_set(moves_of_game) -> Dataset:
    rng = np.random.default_rng(7)
    game = np.repeat(np.arange(GAMES), ROWS)
    y = np.concatenate([moves_of_game(g, rng) for g in range(GAMES)]).astype(np.int8)
    return Dataset(
        X=rng.normal(size=(GAMES * ROWS, FEATURE_COUNT)).astype(np.float32),
        y=y,
        game_id=(game + 1000).astype(np.int64),
        game_rank=game.astype(np.int32),
        round_no=np.tile(np.arange(4, 4 + ROWS), GAMES).astype(np.int16),
        is_human=np.ones(GAMES * ROWS, dtype=bool),
    )


def test_folds_left_with_one_players_moves_are_dropped_and_counted():
    # The oldest 60% of rows (games 0-7: step 1's training part, which the folds cut) are a
    # rock-only player's but for game 0; the newest games are varied. The fold that tests game 0
    # is left with rock alone to learn from.
    def moves(g, rng):
        if g == 0 or g >= 8:
            return rng.integers(0, 3, size=ROWS)
        return np.full(ROWS, ROCK)

    candidate = train_candidate(family="mnlogit", data=data_set(moves), seed=1)

    folds = candidate.metrics["cv_folds"]
    assert folds < 3
    assert ("cv_accuracy_mean" in candidate.metrics) == (folds > 0)
    assert 0.0 <= candidate.metrics["holdout_accuracy"] <= 1.0


def test_a_data_set_of_one_move_is_not_enough_data():
    with pytest.raises(NotEnoughData, match="lacks one of the three moves"):
        train_candidate(family="mnlogit", data=data_set(lambda g, rng: np.full(ROWS, ROCK)), seed=1)
