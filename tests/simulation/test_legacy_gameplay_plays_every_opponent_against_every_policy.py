from __future__ import annotations

import json

import pytest
from django.db.models import Count

from games import tasks
from games.models import Game, GameStatus
from games.simulation import OPPONENTS, POLICIES, legacy_gameplay_run

pytestmark = pytest.mark.django_db


def test_every_opponent_plays_every_policy_the_requested_number_of_games():
    progress: list[tuple[str, str, int, int]] = []

    summary = legacy_gameplay_run(games_per_opponent=1, progress=lambda *a: progress.append(a))

    pairs = (
        Game.objects.filter(status=GameStatus.FINISHED)
        .values_list("player__name", "policy")
        .annotate(n=Count("pk"))
    )
    assert sorted(pairs) == sorted((o, p, 1) for o in OPPONENTS for p in POLICIES)
    assert summary.games == len(OPPONENTS) * len(POLICIES) == 24
    assert progress == [(o, p, 1, 1) for o in OPPONENTS for p in POLICIES]


def test_the_legacy_task_uses_the_configured_games_per_opponent(settings):
    settings.LEGACY_GAMEPLAY_GAMES_PER_OPPONENT = 1

    result = tasks.legacy_gameplay()

    assert result["games_per_opponent"] == 1
    assert result["games"] == Game.objects.count() == 24
    assert json.loads(json.dumps(result)) == result


def test_the_simulate_task_returns_a_json_summary_of_what_it_played():
    result = tasks.simulate_games("Gus", "brian", 2)

    assert result["opponent"] == "Gus"
    assert result["policy"] == "brian"
    assert result["games"] == Game.objects.filter(player__name="Gus").count() == 2
    assert json.loads(json.dumps(result)) == result


def test_the_celery_app_discovers_the_tasks_under_the_names_the_schedule_uses():
    from rpsweb.celery import app

    app.loader.import_default_modules()

    assert app.tasks["games.simulate_games"].name == "games.simulate_games"
    assert app.tasks["games.legacy_gameplay"].name == "games.legacy_gameplay"
