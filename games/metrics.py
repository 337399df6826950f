"""Gameplay counters for Prometheus, and the matching structured log lines.

Counting happens after commit, so a rolled-back round is never counted; in multiprocess mode
(PROMETHEUS_MULTIPROC_DIR) every gunicorn worker's counts are summed at scrape time."""

from __future__ import annotations

import logging
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


logger = logging.getLogger("rpsweb.games")


def game_started(game: Game) -> None:
    GAMES_STARTED.labels(policy=game.policy, difficulty=game.difficulty_mode).inc()
    logger.info(
        "game started",
        extra={
            "game_id": game.pk,
            "policy": game.policy,
            "difficulty": game.difficulty_mode,
            "alias": game.model_alias,
            "model_version": game.model_version,
        },
    )


def round_played(game: Game, played: Round) -> None:
    ROUNDS_PLAYED.labels(policy=game.policy, result=played.result).inc()
    if game.winner:
        GAMES_FINISHED.labels(
            policy=game.policy, difficulty=game.difficulty_mode, winner=game.winner
        ).inc()
        logger.info(
            "game finished",
            extra={
                "game_id": game.pk,
                "policy": game.policy,
                "alias": game.model_alias,
                "winner": game.winner,
                "rounds": game.rounds_played,
                "player_score": float(game.player_score),
                "bot_score": float(game.bot_score),
            },
        )
