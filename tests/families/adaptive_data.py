"""Scripted games played in memory, as rows of the data set, and a small adaptive model fitted
on them: the mixture's tests need experts that really learned each opponent."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from games.engine.features import feature_rows_for_game
from games.engine.gambits import GAMBIT_ROUNDS
from games.engine.history import GameHistory
from games.engine.moves import MOVE_INDEX
from games.engine.opponents import SCRIPTED_OPPONENTS
from games.engine.prediction import FrequencyPredictor
from games.engine.simulation import simulate_game
from training.learning.families import default_params
from training.learning.families.adaptive import AdaptiveModel

GAMES_PER_OPPONENT = 100


@dataclass(frozen=True)
class GameRows:
    X: np.ndarray
    y: np.ndarray


def rows_of(history: GameHistory) -> GameRows:
    """The predicted rounds of a finished game, as the data set holds them."""
    X = feature_rows_for_game(
        history.player_moves,
        history.bot_moves,
        history.values,
        target=history.target,
        difficulty_mode=history.difficulty_mode,
    )[GAMBIT_ROUNDS:]
    y = np.array([MOVE_INDEX[m] for m in history.player_moves[GAMBIT_ROUNDS:]], dtype=np.int64)
    return GameRows(X, y)


def training_rows(games_per_opponent: int = GAMES_PER_OPPONENT):
    X, y, group, game = [], [], [], []
    for g in range(games_per_opponent):
        for name in SCRIPTED_OPPONENTS:
            played = simulate_game(
                game_id=f"train:{name}:{g}", opponent=name, predictor=FrequencyPredictor()
            )
            rows = rows_of(played.history)
            X.append(rows.X)
            y.append(rows.y)
            group += [name] * len(rows.y)
            game += [f"{name}:{g}"] * len(rows.y)
    return np.vstack(X), np.concatenate(y), np.array(group, dtype=object), np.array(game)


def fit_adaptive(family: str = "mnlogit", **params: object) -> AdaptiveModel:
    X, y, group, game = training_rows()
    val = np.array([hash(g) % 5 == 0 for g in game])
    model, _ = AdaptiveModel.fit(
        family=family,
        X_train=X[~val], y_train=y[~val], group_train=group[~val],
        X_val=X[val], y_val=y[val], group_val=group[val],
        params={**default_params(family), **params}, seed=3,
    )  # fmt: skip
    return model
