import re

import pytest

from tests.factories import finished_game

pytestmark = pytest.mark.django_db(transaction=True)


def sample(text: str, name: str, **labels: str) -> float:
    """The sum of every series of ``name`` whose labels include ``labels``."""
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(name + "{"):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}")[0]))
        if all(found.get(k) == v for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


def test_metrics_count_games_and_rounds_after_they_commit(client):
    before = client.get("/metrics").content.decode()

    game = finished_game(policy="logan")
    after = client.get("/metrics").content.decode()

    started = sample(after, "rps_games_started_total", policy="logan") - sample(
        before, "rps_games_started_total", policy="logan"
    )
    finished = sample(
        after, "rps_games_finished_total", policy="logan", winner=game.winner
    ) - sample(before, "rps_games_finished_total", policy="logan", winner=game.winner)
    rounds = sum(
        sample(after, "rps_rounds_played_total", policy="logan", result=r)
        - sample(before, "rps_rounds_played_total", policy="logan", result=r)
        for r in ("win", "lose", "draw")
    )
    assert (started, finished, rounds) == (1, 1, game.rounds_played)
    assert "django_http_requests_total_by_method_total" in after
