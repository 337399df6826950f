"""The gates a trained version must pass before it may hold any alias.

1. minimum samples: enough rows were trained on;
2. hold-out accuracy above the frequency baseline, on the newest games (step 1's hold-out);
3. a gauntlet: simulated games against every scripted opponent, with win-rate thresholds, and
   against uniform random, where the version must not do worse than the uniform bot (value play
   alone) on the same games, less a margin;
4. a backtest: on held-out logged rounds, the points the candidate's moves would have scored
   against what was actually played, compared with the current Production on the same rounds.

Everything here is computation on arrays and in-memory games, with its thresholds passed in
(``GateThresholds``; the pipeline reads them from settings): no Django, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from games.engine.features import FEATURE_NAMES
from games.engine.history import DifficultyMode
from games.engine.moves import MOVES, Move
from games.engine.opponents import SCRIPTED_OPPONENTS
from games.engine.policy import choose_bot_move
from games.engine.prediction import MovePredictor, UniformPredictor
from games.engine.round_values import RoundValues
from games.engine.scoring import Winner, score_round
from games.engine.simulation import simulate_game
from training.learning.families.adaptive import game_probabilities

VALUES_AT = FEATURE_NAMES.index("value_rock")
PLAYER_NEEDS_AT = FEATURE_NAMES.index("player_points_needed")
BOT_NEEDS_AT = FEATURE_NAMES.index("bot_points_needed")


class Probabilistic(Protocol):
    def predict_proba(self, X: np.ndarray) -> np.ndarray: ...


def _random_games(predictor: MovePredictor, games: int, seed: object) -> dict[str, float]:
    wins = 0
    for i in range(games):
        game = simulate_game(
            game_id=f"{seed}:random:{i}", opponent="Ace", predictor=predictor, noise=1.0
        )
        wins += game.winner is Winner.BOT
    return {"games": games, "bot_wins": wins, "win_rate": wins / games if games else 0.0}


@dataclass(frozen=True, slots=True)
class GateThresholds:
    min_samples: int
    gauntlet_min_mean_win_rate: float
    gauntlet_min_win_rate: float
    # How far below the uniform bot's win rate against random play a version may fall.
    gauntlet_random_margin: float
    backtest_max_rows: int
    # How far below Production's mean net points a round the candidate may fall.
    backtest_margin: float
    target_points: float


@dataclass(frozen=True)
class GateReport:
    passed: bool
    results: dict[str, Any]


def min_samples_gate(rows: int, *, thresholds: GateThresholds) -> dict[str, Any]:
    threshold = thresholds.min_samples
    return {"passed": rows >= threshold, "rows": rows, "threshold": threshold}


def holdout_gate(accuracy: float, baseline: float) -> dict[str, Any]:
    return {"passed": accuracy > baseline, "accuracy": accuracy, "baseline": baseline}


def gauntlet(
    predictor: MovePredictor,
    *,
    games_per_opponent: int,
    thresholds: GateThresholds,
    seed: object = "gauntlet",
) -> dict[str, Any]:
    """Simulated games (standard mode, default noise) against each scripted opponent."""
    per_opponent: dict[str, dict[str, float]] = {}
    for name in SCRIPTED_OPPONENTS:
        wins = 0
        for i in range(games_per_opponent):
            game = simulate_game(game_id=f"{seed}:{name}:{i}", opponent=name, predictor=predictor)
            wins += game.winner is Winner.BOT
        per_opponent[name] = {
            "games": games_per_opponent,
            "bot_wins": wins,
            "win_rate": wins / games_per_opponent,
        }
    # The yardstick: value play alone (the policy on uniform probabilities) against the same
    # random games. A bot that does worse is chasing patterns that are not there.
    against_random = _random_games(predictor, games_per_opponent, seed)
    uniform_bot = _random_games(UniformPredictor(), games_per_opponent, seed)
    random_floor = uniform_bot["win_rate"] - thresholds.gauntlet_random_margin
    rates = [r["win_rate"] for r in per_opponent.values()]
    mean = float(np.mean(rates))
    worst = float(min(rates))
    return {
        "passed": mean >= thresholds.gauntlet_min_mean_win_rate
        and worst >= thresholds.gauntlet_min_win_rate
        and against_random["win_rate"] >= random_floor,
        "mean_win_rate": mean,
        "worst_win_rate": worst,
        "min_mean_win_rate": thresholds.gauntlet_min_mean_win_rate,
        "min_win_rate": thresholds.gauntlet_min_win_rate,
        "per_opponent": per_opponent,
        "uniform_random": against_random,
        "uniform_bot_vs_random": uniform_bot,
        "random_margin": thresholds.gauntlet_random_margin,
        "min_random_win_rate": random_floor,
    }


def net_points(
    probabilities: np.ndarray, X: np.ndarray, y: np.ndarray, *, target: float
) -> np.ndarray:
    """Per row: the bot's gain minus the player's, had the policy played on these
    probabilities against the move the player actually made, in games to ``target`` points."""
    out = np.empty(len(y), dtype=np.float64)
    for i in range(len(y)):
        row = X[i]
        values = RoundValues(*(float(v) for v in row[VALUES_AT : VALUES_AT + 3]))
        p = probabilities[i]
        bot_move = choose_bot_move(
            (float(p[0]), float(p[1]), float(p[2])),
            values,
            bot_score=target - float(row[BOT_NEEDS_AT]),
            player_score=target - float(row[PLAYER_NEEDS_AT]),
            target=target,
            mode=DifficultyMode.STANDARD,
        )
        score = score_round(Move(MOVES[int(y[i])]), bot_move, values)
        out[i] = score.bot_delta - score.player_delta
    return out


def backtest(
    candidate: Probabilistic,
    production: Probabilistic | None,
    X: np.ndarray,
    y: np.ndarray,
    game_id: np.ndarray,
    *,
    thresholds: GateThresholds,
) -> dict[str, Any]:
    target = thresholds.target_points
    rows = min(len(y), thresholds.backtest_max_rows)
    # The most recent held-out rounds, each predicted as served: from its game's earlier rows.
    X, y, game_id = X[-rows:], y[-rows:], game_id[-rows:]
    mine = (
        float(net_points(game_probabilities(candidate, X, y, game_id), X, y, target=target).mean())
        if rows
        else 0.0
    )
    result: dict[str, Any] = {"rows": rows, "candidate_net_points": mine}
    if production is None or rows == 0:
        return {
            **result,
            "passed": rows > 0,
            "production_net_points": None,
            "note": "no Production to compare with" if rows else "no held-out rounds",
        }
    theirs = float(
        net_points(game_probabilities(production, X, y, game_id), X, y, target=target).mean()
    )
    return {
        **result,
        "production_net_points": theirs,
        "margin": thresholds.backtest_margin,
        "passed": mine >= theirs - thresholds.backtest_margin,
    }
