"""A trained model behind the play path's ``MovePredictor`` interface, and the fallback."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from core.vocabulary import FALLBACK_SOURCE, MODEL_ERROR_SOURCE, MODEL_SOURCE
from games.engine.features import build_features, feature_rows_for_game, habit_tracker_for
from games.engine.gambits import GAMBIT_ROUNDS
from games.engine.habit_tracker import HabitTracker
from games.engine.history import GameHistory
from games.engine.moves import MOVE_INDEX
from games.engine.prediction import UNIFORM, Prediction
from games.engine.round_values import RoundValues
from training import metrics
from training.learning.families.mixture import MixtureCarry

if TYPE_CHECKING:
    from training.learning.families.adaptive import AdaptiveModel

logger = logging.getLogger("rpsweb.serving")

# How many experts a prediction names, most trusted first: what the bot thinks you play like.
NAMED_EXPERTS = 3

# Called with the family, version, game, round, feature row and probabilities of a prediction.
CaptureHook = Callable[[str, str, object, int, list[float], tuple[float, float, float]], None]


def game_rows(history: GameHistory, values: RoundValues) -> tuple[np.ndarray, list[int]]:
    """The rows of the game's predicted rounds so far plus this round's (built by
    ``build_features``, exactly what was always served), and the player's moves in all but the
    last: what the model's mixture weighs its experts on."""
    played = feature_rows_for_game(
        history.player_moves,
        history.bot_moves,
        history.values,
        target=history.target,
        difficulty_mode=history.difficulty_mode,
    )[GAMBIT_ROUNDS:]
    current = np.asarray([build_features(history, values)], dtype=np.float64)
    moves = [MOVE_INDEX[move] for move in history.player_moves[GAMBIT_ROUNDS:]]
    return np.vstack([played, current]), moves


class ModelPredictor:
    """Builds the game's 50-feature rows and asks the model, whose experts are weighed by how
    well each explained this game so far: exactly one model runs per round on the request path.
    Holds no per-request state, so threads may share it."""

    source = MODEL_SOURCE

    def __init__(
        self,
        model: AdaptiveModel,
        *,
        family: str,
        version: str,
        capture: CaptureHook | None = None,
    ) -> None:
        self.model = model
        self.family = family
        self.version = version
        self.capture = capture

    def predict(self, history: GameHistory, values: RoundValues) -> Prediction:
        """The whole game read again: every earlier row through every expert."""
        return self.predict_carrying(history, values, None)

    def predict_carrying(
        self, history: GameHistory, values: RoundValues, carried: Mapping[str, Any] | None
    ) -> Prediction:
        """One new row when the previous round left this version's carry for the round just
        before; otherwise (the first predicted round, a round served by a fallback, another
        version) the game is read again. Both give the same answer.

        A model that raises does not stop the game: the round is answered uniformly, marked
        ``model_error``, logged and counted (promotion's error-rate guardrail reads the mark)."""
        try:
            prediction, row = self._predict(history, values, carried)
        except Exception:
            logger.exception(
                "model failed while answering",
                extra={"family": self.family, "version": self.version, "game": history.game_id},
            )
            metrics.FALLBACKS.labels(model=self.family, reason="predict_error").inc()
            return Prediction(UNIFORM, MODEL_ERROR_SOURCE, model_version=self.version)
        if self.capture is not None:
            features = [float(v) for v in row[-1]]
            self.capture(
                self.family,
                self.version,
                history.game_id,
                history.next_round_no,
                features,
                prediction.probabilities,
            )
        return prediction

    def _predict(
        self, history: GameHistory, values: RoundValues, carried: Mapping[str, Any] | None
    ) -> tuple[Prediction, np.ndarray]:
        round_no = history.next_round_no
        started = time.perf_counter()
        carry = _carry_for(carried, self.version, round_no - 1, len(self.model.names))
        # A carry is only ever found in ``carried``, so the habits are read alongside it.
        habits = carried.get("habits") if carry is not None and carried is not None else None
        tracker = _tracker_for(history, habits)
        if round_no == GAMBIT_ROUNDS + 1 or carry is not None:
            row = np.asarray([build_features(history, values, tracker)], dtype=np.float64)
            trace, left = self.model.predict_next(row, _moves(history), carry)
        else:
            rows, game_moves = game_rows(history, values)
            trace = self.model.predict_game(rows, game_moves)
            row = rows[-1:]
            left = MixtureCarry.of(trace.weights[-1], self.model.expert_row(row, _moves(history)))
        metrics.INFERENCE_SECONDS.labels(model=self.family).observe(time.perf_counter() - started)
        last = trace.probabilities[-1]
        p = (float(last[0]), float(last[1]), float(last[2]))
        prediction = Prediction(
            p,
            self.source,
            model_version=self.version,
            reading=trace.leading(NAMED_EXPERTS),
            carry={
                "version": self.version,
                "round": round_no,
                **left.as_json(),
                "habits": tracker.snapshot(),
            },
        )
        return prediction, row


def _moves(history: GameHistory) -> list[int]:
    return [MOVE_INDEX[move] for move in history.player_moves]


def _tracker_for(history: GameHistory, habits: object) -> HabitTracker:
    """The habit tracker over ``history``: the carried one (which saw every round but the
    last) taught the last round, or, without a usable one, a new one taught every round."""
    if isinstance(habits, Mapping) and history.rounds_played:
        tracker = HabitTracker.resumed(
            habits, history.player_moves[:-1], history.bot_moves[:-1], history.results[:-1]
        )
        if tracker is not None:
            tracker.observe(
                history.player_moves[-1],
                history.bot_moves[-1],
                history.results[-1],
                history.values[-1],
            )
            return tracker
    return habit_tracker_for(history)


def _carry_for(
    carried: Mapping[str, Any] | None, version: str, round_no: int, experts: int
) -> MixtureCarry | None:
    """The carry when it was left by this version for ``round_no``, else None."""
    if not carried or carried.get("version") != version or carried.get("round") != round_no:
        return None
    return MixtureCarry.from_json(dict(carried), experts)


class FallbackPredictor:
    """Uniform probabilities when the pinned model cannot be had; every answer is counted."""

    source = FALLBACK_SOURCE

    def __init__(self, *, family: str, version: str, reason: str) -> None:
        self.family = family
        self.version = version
        self.reason = reason

    def predict(self, history: GameHistory, values: RoundValues) -> Prediction:
        metrics.FALLBACKS.labels(model=self.family, reason=self.reason).inc()
        return Prediction(UNIFORM, self.source, model_version=self.version)
