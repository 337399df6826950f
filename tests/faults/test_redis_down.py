"""Redis (cache and broker) is killed while a gunicorn serves players and a Celery worker waits
for work. Gameplay goes on (throttling and anything else on the cache fail open), /healthz says
``degraded`` rather than down, and once Redis is back the worker takes the next task."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from games.models import Game, Round
from promotion.models import PromotionEvent
from tests.faults.services import (
    Browser,
    celery_worker,
    play_to_the_end,
    private_redis,
    send_task,
    wait_until,
)
from tests.integration.servers import database_url_of_tests, running_gunicorn

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_games_go_on_without_redis_and_queued_work_resumes_when_it_returns(
    tmp_path: Path,
) -> None:
    queue = f"faults-redis-{uuid.uuid4().hex[:8]}"
    with private_redis() as redis_server:
        url = redis_server.url(0)
        with (
            celery_worker(
                tmp_path, queue=queue, DATABASE_URL=database_url_of_tests(), REDIS_URL=url
            ),
            # The default throttle rates: every play request reads and writes the cache.
            running_gunicorn(tmp_path, workers=2, REDIS_URL=url) as base,
        ):
            regular = Browser(base)
            before = regular.request("GET", "/healthz").json()
            first_game, first_statuses = play_to_the_end(regular)

            redis_server.kill()
            # The same player, with their session, and someone new.
            second_game, regular_statuses = play_to_the_end(regular)
            third_game, newcomer_statuses = play_to_the_end(Browser(base), policy="brian")
            health = regular.request("GET", "/healthz")

            redis_server.start()
            events_before = PromotionEvent.objects.filter(family="mnlogit").count()
            send_task(url, "promotion.run_cycle", "mnlogit", queue=queue)
            wait_until(
                lambda: PromotionEvent.objects.filter(family="mnlogit").count() > events_before,
                timeout=90,
                what="the worker to run a task after Redis came back",
            )

    assert before["status"] == "ok"
    assert set(first_statuses) == {201}
    assert set(regular_statuses) == {201}, "gameplay stopped without Redis"
    assert set(newcomer_statuses) == {201}, "a new player could not play without Redis"
    assert health.status == 200
    assert health.json()["status"] == "degraded"
    assert health.json()["checks"]["broker"]["ok"] is False
    assert health.json()["checks"]["database"]["ok"] is True
    # Every round a player was answered is stored, and each game finished.
    games = Game.objects.filter(pk__in=[first_game, second_game, third_game])
    assert [g.status for g in games] == ["finished"] * 3
    for game, statuses in zip(
        games.order_by("pk"), (first_statuses, regular_statuses, newcomer_statuses), strict=True
    ):
        assert Round.objects.filter(game=game).count() == game.rounds_played == len(statuses) - 1
