"""The one filter that keeps scripted opponents, simulation accounts, imported people and test
games out of everything people see: leaderboards, win rates, dashboards and the analytics API.

Imported people (recorded sessions loaded by ``import_human_sessions``) are real human play, so
training keeps them, but they never played our bots: counting them in win rates or putting them
on the leaderboard would misreport how our bots do against the people who use this site."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils.dateparse import parse_datetime

from games.engine.opponents import is_scripted_opponent
from games.models import Game, PlayerKind

# Player.source values of people imported from recorded sessions rather than playing here.
HUMAN_SESSIONS_SOURCE = "human-rps"
HUMAN_HOLDOUT_SOURCE = "human-rps-holdout"  # held-out sessions: never trained on
IMPORTED_SOURCES: tuple[str, ...] = (HUMAN_SESSIONS_SOURCE, HUMAN_HOLDOUT_SOURCE)


def is_imported_source(source: str) -> bool:
    return source in IMPORTED_SOURCES


def classify_player_name(name: str) -> str:
    """The kind a new player of this name gets: scripted names and simulation prefixes are
    never human."""
    if is_scripted_opponent(name):
        return PlayerKind.SCRIPTED
    lowered = name.lower()
    if any(lowered.startswith(p) for p in settings.SIMULATION_PLAYER_PREFIXES):
        return PlayerKind.SIMULATION
    return PlayerKind.HUMAN


def metrics_since() -> datetime:
    parsed = parse_datetime(settings.METRICS_SINCE_DATE)
    if parsed is None:
        raise ValueError(f"METRICS_SINCE_DATE is not a date-time: {settings.METRICS_SINCE_DATE!r}")
    return parsed


def analytics_games(queryset: QuerySet[Game] | None = None) -> QuerySet[Game]:
    """Games by people who played here (not imported), not tests, started since
    METRICS_SINCE_DATE."""
    games = queryset if queryset is not None else Game.objects.all()
    return games.filter(
        player__kind=PlayerKind.HUMAN, is_test=False, started_at__gte=metrics_since()
    ).exclude(player__source__in=IMPORTED_SOURCES)
