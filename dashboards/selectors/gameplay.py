"""Reads for the gameplay dashboard. Every number is an aggregate computed by the database
(Count, TruncDate) over the shared analytics filter, so the page stays fast with a million
rounds and agrees with the API, the leaderboard and the bot win rates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from core.vocabulary import ALIASES
from dashboards.figures.gameplay import DayCount, WinRateRow
from games.models import Game, GameStatus, PlayerKind
from games.player_filters import IMPORTED_SOURCES, analytics_games, metrics_since

HUMANS = "humans"
SCRIPTED = "scripted opponents"


@dataclass(frozen=True)
class GameplayFilter:
    family: str | None = None
    since: date | None = None  # first day included
    until: date | None = None  # last day included


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _narrow(games: QuerySet[Game], chosen: GameplayFilter) -> QuerySet[Game]:
    if chosen.family:
        games = games.filter(family=chosen.family)
    if chosen.since:
        games = games.filter(started_at__gte=_day_start(chosen.since))
    if chosen.until:
        games = games.filter(started_at__lt=_day_start(chosen.until + timedelta(days=1)))
    return games


def human_games(chosen: GameplayFilter) -> QuerySet[Game]:
    """People's games: the shared analytics filter (METRICS_SINCE_DATE included)."""
    return _narrow(analytics_games(), chosen)


def scripted_games(chosen: GameplayFilter) -> QuerySet[Game]:
    """Scripted opponents' games under the same cut-off and test exclusion as people's."""
    games = Game.objects.filter(
        player__kind=PlayerKind.SCRIPTED, is_test=False, started_at__gte=metrics_since()
    ).exclude(player__source__in=IMPORTED_SOURCES)
    return _narrow(games, chosen)


def _win_rates(games: QuerySet[Game], field: str, group: str = "") -> list[WinRateRow]:
    rows = (
        games.filter(status=GameStatus.FINISHED)
        .values(field)
        .annotate(
            games=Count("pk"),
            bot_wins=Count("pk", filter=Q(winner="bot")),
            player_wins=Count("pk", filter=Q(winner="user")),
        )
        .order_by(field)
    )
    return [
        WinRateRow(group, str(r[field]), r["games"], r["bot_wins"], r["player_wins"]) for r in rows
    ]


def win_rates(chosen: GameplayFilter, *, by: str) -> list[WinRateRow]:
    """Finished people's games grouped by ``policy``, ``model_alias`` or ``difficulty_mode``."""
    if by not in ("policy", "model_alias", "difficulty_mode"):
        raise ValueError(f"cannot group win rates by {by!r}")
    rows = _win_rates(human_games(chosen), by)
    if by == "model_alias":
        rows.sort(key=lambda r: ALIASES.index(r.key) if r.key in ALIASES else 9)
    return rows


def scripted_win_rates(chosen: GameplayFilter) -> list[WinRateRow]:
    """Per policy, the bot's win rate against the scripted opponents (for comparison with
    people's, which ``win_rates(chosen, by="policy")`` gives)."""
    return _win_rates(scripted_games(chosen), "policy", SCRIPTED)


def games_per_day(chosen: GameplayFilter) -> list[DayCount]:
    """Games started per day (finished or not), people and scripted opponents apart."""
    out: list[DayCount] = []
    for group, games in ((HUMANS, human_games(chosen)), (SCRIPTED, scripted_games(chosen))):
        rows = (
            games.annotate(day=TruncDate("started_at"))
            .values("day")
            .annotate(games=Count("pk"))
            .order_by("day")
        )
        out.extend(DayCount(group, row["day"], row["games"]) for row in rows)
    return out
