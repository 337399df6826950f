"""A trained model behind the play path's ``MovePredictor`` interface, and the fallback."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from games.engine.features import build_features
from games.engine.history import GameHistory
from games.engine.prediction import UNIFORM, Prediction
from games.engine.round_values import RoundValues
from training import metrics

if TYPE_CHECKING:
    from training.families import ModelFamily

# Called with the family, version, game, round, feature row and probabilities of a prediction.
CaptureHook = Callable[[str, str, object, int, list[float], tuple[float, float, float]], None]


class ModelPredictor:
    """Builds the 50-feature row from the game so far and asks the model: exactly one model
    runs per round on the request path. Holds no per-request state, so threads may share it."""

    source = "model"

    def __init__(
        self, model: ModelFamily, *, family: str, version: str, capture: CaptureHook | None = None
    ) -> None:
        self.model = model
        self.family = family
        self.version = version
        self.capture = capture

    def predict(self, history: GameHistory, values: RoundValues) -> Prediction:
        row = build_features(history, values)
        started = time.perf_counter()
        probabilities = self.model.predict_proba(np.asarray([row], dtype=np.float64))[0]
        metrics.INFERENCE_SECONDS.labels(model=self.family).observe(time.perf_counter() - started)
        p = (float(probabilities[0]), float(probabilities[1]), float(probabilities[2]))
        if self.capture is not None:
            self.capture(self.family, self.version, history.game_id, history.next_round_no, row, p)
        return Prediction(p, self.source, model_version=self.version)


class FallbackPredictor:
    """Uniform probabilities when the pinned model cannot be had; every answer is counted."""

    source = "fallback"

    def __init__(self, *, family: str, version: str, reason: str) -> None:
        self.family = family
        self.version = version
        self.reason = reason

    def predict(self, history: GameHistory, values: RoundValues) -> Prediction:
        metrics.FALLBACKS.labels(model=self.family, reason=self.reason).inc()
        return Prediction(UNIFORM, self.source, model_version=self.version)
