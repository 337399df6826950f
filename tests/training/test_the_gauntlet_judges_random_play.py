"""Against uniform random, the gauntlet measures a version against the uniform bot (value play
alone) on the same games: a version that chases patterns that are not there is rejected."""

from __future__ import annotations

import pytest

from games.engine.history import GameHistory
from games.engine.prediction import Prediction, UniformPredictor
from games.engine.round_values import RoundValues
from training.learning import gates


class SureOfRock:
    """Certain, every round, that the player throws rock: the bot always answers paper."""

    source = "model"

    def predict(self, history: GameHistory, values: RoundValues) -> Prediction:
        return Prediction((0.98, 0.01, 0.01), self.source)


# Only the random part is under test: the scripted opponents' thresholds are out of the way.
THRESHOLDS = gates.GateThresholds(
    min_samples=0,
    gauntlet_min_mean_win_rate=0.0,
    gauntlet_min_win_rate=0.0,
    gauntlet_random_margin=0.05,
    backtest_max_rows=0,
    backtest_margin=0.0,
    target_points=10.0,
)


def test_it_rejects_a_bot_that_does_worse_than_value_play_against_random() -> None:
    result = gates.gauntlet(SureOfRock(), games_per_opponent=40, thresholds=THRESHOLDS)

    assert result["passed"] is False
    assert result["uniform_random"]["win_rate"] < result["min_random_win_rate"]
    assert result["min_random_win_rate"] == pytest.approx(
        result["uniform_bot_vs_random"]["win_rate"] - 0.05
    )


def test_the_uniform_bot_meets_its_own_yardstick_on_the_same_games() -> None:
    result = gates.gauntlet(UniformPredictor(), games_per_opponent=40, thresholds=THRESHOLDS)

    assert result["uniform_random"] == result["uniform_bot_vs_random"]
    assert result["passed"] is True
