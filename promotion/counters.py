"""Slot counters: games, bot wins and losses per family, slot and difficulty, counted in the
database in the transaction that finishes a game. Prometheus counters reset when a process
restarts; these rows do not, which is why the promotion cycle reads them and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Sum

from core.vocabulary import SLOTS
from games.models import Game
from promotion import metrics
from promotion.models import SlotCounter, VersionSlotCounter

FREQUENCY_LABEL = "frequency"  # games answered before any model version existed


@dataclass(frozen=True, slots=True)
class SlotTotals:
    games: int = 0
    bot_wins: int = 0
    losses: int = 0


def _increment(
    model: type[SlotCounter] | type[VersionSlotCounter],
    # Any: the values are field lookups; with str, mypy would match them to ``defaults``.
    lookup: dict[str, Any],
    won: bool,
    lost: bool,
) -> None:
    model.objects.get_or_create(**lookup)
    model.objects.filter(**lookup).update(
        games=F("games") + 1,
        bot_wins=F("bot_wins") + int(won),
        losses=F("losses") + int(lost),
    )


def game_count(*, game: Game) -> bool:
    """Count a finished game for the slot it was assigned at start; False when it does not
    count (test games, and games of challenger slots, which never serve)."""
    if game.is_test or game.model_alias not in SLOTS:
        return False
    won, lost = game.winner == "bot", game.winner == "user"
    _increment(
        SlotCounter,
        {"family": game.family, "slot": game.model_alias, "difficulty": game.difficulty_mode},
        won,
        lost,
    )
    _increment(
        VersionSlotCounter,
        {
            "family": game.family,
            "slot": game.model_alias,
            "version": game.model_version or FREQUENCY_LABEL,
        },
        won,
        lost,
    )
    metrics.game_counted(game)
    return True


def slot_totals(*, family: str) -> dict[str, SlotTotals]:
    """Cumulative totals per slot over every difficulty, read in the caller's transaction."""
    rows = (
        SlotCounter.objects.filter(family=family)
        .values("slot")
        .annotate(g=Sum("games"), w=Sum("bot_wins"), lost=Sum("losses"))
    )
    totals = {slot: SlotTotals() for slot in SLOTS}
    for row in rows:
        totals[row["slot"]] = SlotTotals(row["g"] or 0, row["w"] or 0, row["lost"] or 0)
    return totals
