"""Celery tasks of the gameplay room: thin wrappers that call one service each."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from games import simulation


@shared_task(name="games.simulate_games")
def simulate_games(opponent: str, policy: str, count: int) -> dict[str, object]:
    summary = simulation.simulation_run(opponent=opponent, policy=policy, count=count)
    return {"opponent": opponent, "policy": policy, **summary.as_dict()}


@shared_task(name="games.legacy_gameplay")
def legacy_gameplay() -> dict[str, object]:
    games_per_opponent = settings.LEGACY_GAMEPLAY_GAMES_PER_OPPONENT
    summary = simulation.legacy_gameplay_run(games_per_opponent=games_per_opponent)
    return {"games_per_opponent": games_per_opponent, **summary.as_dict()}
