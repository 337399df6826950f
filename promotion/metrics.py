"""Promotion metrics that count events. Gauges that describe state (games since the swap,
cycles since the swap) are read from the database at scrape time, never kept here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from prometheus_client import Counter

if TYPE_CHECKING:
    from games.models import Game

GAMES_BY_ALIAS = Counter(
    "rps_model_games_by_alias", "Finished games per family, slot and difficulty.",
    ["model", "alias", "difficulty"],
)  # fmt: skip
WINS_BY_ALIAS = Counter(
    "rps_model_game_wins_by_alias", "Games the bot won, per family, slot and difficulty.",
    ["model", "alias", "difficulty"],
)  # fmt: skip
LOSSES_BY_ALIAS = Counter(
    "rps_model_game_losses_by_alias", "Games the player won, per family, slot and difficulty.",
    ["model", "alias", "difficulty"],
)  # fmt: skip
PROMOTION_EVENTS = Counter(
    "rps_model_promotion_events", "Promotion cycles by their decision.", ["model", "decision"]
)
PROMOTION_REORDERS = Counter(
    "rps_model_promotion_reorders", "Promotion cycles that re-ranked the challengers.", ["model"]
)
PROMOTION_SRM_MISMATCHES = Counter(
    "rps_model_promotion_srm_mismatches",
    "Promotion cycles that found the Production/B split off its configured share (no decision).",
    ["model"],
)
PROMOTION_ROLLBACKS = Counter(
    "rps_model_promotion_rollbacks",
    "Swaps undone because the new Production won clearly less often than the model it replaced.",
    ["model"],
)
PROMOTION_FAILURES = Counter(
    "rps_model_promotion_failures", "Promotion cycles that failed and moved nothing.",
    ["model", "stage"],
)  # fmt: skip


def game_counted(game: Game) -> None:
    labels = {"model": game.family, "alias": game.model_alias, "difficulty": game.difficulty_mode}

    def count() -> None:
        GAMES_BY_ALIAS.labels(**labels).inc()
        if game.winner == "bot":
            WINS_BY_ALIAS.labels(**labels).inc()
        elif game.winner == "user":
            LOSSES_BY_ALIAS.labels(**labels).inc()

    transaction.on_commit(count)
