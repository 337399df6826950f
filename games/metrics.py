"""Gameplay counters for Prometheus. Counting happens after commit, so a rolled-back round is
never counted; in multiprocess mode (PROMETHEUS_MULTIPROC_DIR) every gunicorn worker's counts
are summed at scrape time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from prometheus_client import Counter

if TYPE_CHECKING:
    from games.models import Game, Round

GAMES_STARTED = Counter("rps_games_started_total", "Games started.", ["policy", "difficulty"])
GAMES_FINISHED = Counter(
    "rps_games_finished_total", "Games finished, by who won.", ["policy", "difficulty", "winner"]
)
ROUNDS_PLAYED = Counter(
    "rps_rounds_played_total",
    "Rounds played, by result from the player's side.",
    ["policy", "result"],
)


def game_started(game: Game) -> None:
    GAMES_STARTED.labels(policy=game.policy, difficulty=game.difficulty_mode).inc()


def round_played(game: Game, played: Round) -> None:
    ROUNDS_PLAYED.labels(policy=game.policy, result=played.result).inc()
    if game.winner:
        GAMES_FINISHED.labels(
            policy=game.policy, difficulty=game.difficulty_mode, winner=game.winner
        ).inc()
