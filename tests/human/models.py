"""Models for the evaluation tests: a real family fitted on simulated games, and two tiny
models whose answers can be worked out by hand."""

from __future__ import annotations

import numpy as np

from games.engine.features import PLAYER_MOVES_AT, feature_rows_for_game
from games.engine.gambits import GAMBIT_ROUNDS
from games.engine.moves import MOVE_INDEX
from games.engine.opponents import SCRIPTED_OPPONENTS
from games.engine.prediction import FrequencyPredictor
from games.engine.simulation import simulate_game
from training.learning.families import ModelFamily, default_params, family_class


def fit_on_simulated_games(family: str, *, games_per_opponent: int, seed: int = 7) -> ModelFamily:
    rows: list[np.ndarray] = []
    labels: list[int] = []
    games: list[int] = []
    for i in range(games_per_opponent):
        for opponent in SCRIPTED_OPPONENTS:
            history = simulate_game(
                game_id=f"human-tests:{opponent}:{i}",
                opponent=opponent,
                predictor=FrequencyPredictor(),
            ).history
            X = feature_rows_for_game(
                history.player_moves, history.bot_moves, history.values, target=history.target
            )[GAMBIT_ROUNDS:]
            rows.append(X)
            labels.extend(MOVE_INDEX[move] for move in history.player_moves[GAMBIT_ROUNDS:])
            games.extend([i] * len(X))
    X, y, game = np.vstack(rows), np.array(labels), np.array(games)
    validation = game % 4 == 0
    model = family_class(family)()
    model.fit(
        X[~validation],
        y[~validation],
        X[validation],
        y[validation],
        params=default_params(family),
        seed=seed,
    )
    return model


class RepeatsLastMove:
    """Predicts that the person plays again what they played in the previous round."""

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        lag1 = X[:, PLAYER_MOVES_AT : PLAYER_MOVES_AT + 3]
        return (lag1 + 0.01) / (lag1 + 0.01).sum(axis=1, keepdims=True)


class RecordsRows:
    """Answers uniformly and keeps every row it was shown."""

    def __init__(self) -> None:
        self.seen: list[np.ndarray] = []

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        self.seen.append(np.array(X))
        return np.full((len(X), 3), 1 / 3)
