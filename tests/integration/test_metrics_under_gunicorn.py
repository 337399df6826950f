"""/metrics is right with several gunicorn workers: each worker counts what it served and the
scrape sums them (Prometheus multiprocess mode)."""

from __future__ import annotations

import json
import urllib.request

import pytest

from games.models import Game, Round
from tests.integration.servers import running_gunicorn
from tests.operations.test_metrics_endpoint import sample

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]


def post(base: str, path: str, payload: dict) -> dict:
    request = urllib.request.Request(
        base + path,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_counters_from_every_worker_add_up_to_the_database(tmp_path):
    with running_gunicorn(tmp_path, workers=3) as base:
        for i in range(6):
            game_id = post(base, "/start_game", {"player_name": f"w{i}", "policy": "brian"})[
                "game_id"
            ]
            finished = False
            while not finished:
                finished = post(base, "/play", {"game_id": game_id, "user_move": "rock"})[
                    "finished"
                ]
        text = urllib.request.urlopen(f"{base}/metrics", timeout=30).read().decode()
        pids = {f.name for f in (tmp_path / "prometheus").iterdir()}

    assert len(pids) > 1, "the requests should have been spread over several workers"
    assert sample(text, "rps_games_started_total", policy="brian") == Game.objects.count() == 6
    assert sample(text, "rps_games_finished_total", policy="brian") == 6
    assert sample(text, "rps_rounds_played_total", policy="brian") == Round.objects.count()
