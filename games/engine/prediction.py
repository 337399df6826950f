"""The one small interface between the play path and whatever predicts the player's next move.

The play service asks a ``MovePredictor`` for the player's move distribution; until trained
models exist (and whenever none can be had) the frequency or uniform predictor answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from .history import GameHistory
from .moves import MOVE_INDEX
from .round_values import RoundValues

Probabilities = tuple[float, float, float]

UNIFORM: Probabilities = (1 / 3, 1 / 3, 1 / 3)


@dataclass(frozen=True, slots=True)
class Prediction:
    """The player's next-move distribution in MOVES order and where it came from."""

    probabilities: Probabilities
    source: str
    model_version: str | None = None
    # Whom the model thinks the player is like, most trusted first: (expert, weight) pairs.
    reading: tuple[tuple[str, float], ...] = ()


class MovePredictor(Protocol):
    def predict(self, history: GameHistory, values: RoundValues) -> Prediction: ...


class UniformPredictor:
    source = "uniform"

    def predict(self, history: GameHistory, values: RoundValues) -> Prediction:
        return Prediction(UNIFORM, self.source)


class FrequencyPredictor:
    """Laplace-smoothed shares of the player's moves so far: the baseline every model must beat."""

    source = "frequency"

    def __init__(self, smoothing: float = 1.0) -> None:
        self.smoothing = smoothing

    def predict(self, history: GameHistory, values: RoundValues) -> Prediction:
        counts = [self.smoothing] * 3
        for move in history.player_moves:
            counts[MOVE_INDEX[move]] += 1
        total = sum(counts)
        return Prediction((counts[0] / total, counts[1] / total, counts[2] / total), self.source)
