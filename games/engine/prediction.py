"""The one small interface between the play path and whatever predicts the player's next move.

The play service asks a ``MovePredictor`` for the player's move distribution; until trained
models exist (and whenever none can be had) the frequency or uniform predictor answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

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
    # What this round leaves for the next one's prediction (JSON), kept on the game: a
    # predictor that reads a whole game then looks at one new row, not every earlier one.
    carry: dict[str, Any] | None = None


class MovePredictor(Protocol):
    def predict(self, history: GameHistory, values: RoundValues) -> Prediction: ...


@runtime_checkable
class CarryingPredictor(Protocol):
    """A predictor that also takes what its previous round left (``Prediction.carry``) and
    answers exactly as ``predict`` would, only sooner."""

    def predict(self, history: GameHistory, values: RoundValues) -> Prediction: ...

    def predict_carrying(
        self, history: GameHistory, values: RoundValues, carried: Mapping[str, Any] | None
    ) -> Prediction: ...


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
