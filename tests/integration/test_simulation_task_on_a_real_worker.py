"""The simulation task travels through the configured broker (Redis with REDIS_URL, the embedded
filesystem broker otherwise) to a real Celery worker, which writes the games to the database."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from decimal import Decimal

import pytest
from celery.signals import task_success

from games.models import Game, GameStatus, PlayerKind
from games.tasks import simulate_games
from tests.integration.workers import real_worker

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

TIMEOUT_SECONDS = 60
QUEUE = "rpsweb-integration-tests"


@pytest.fixture
def worker_queue() -> Iterator[str]:
    with real_worker(QUEUE) as queue:
        yield queue


def _wait_for_finished_games(count: int) -> list[Game]:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        finished = list(
            Game.objects.filter(player__name="Ace", status=GameStatus.FINISHED).select_related(
                "player"
            )
        )
        if len(finished) >= count:
            return finished
        time.sleep(0.2)
    pytest.fail(f"the worker did not finish {count} games within {TIMEOUT_SECONDS} s")


def test_a_worker_plays_the_requested_games_and_stores_them(worker_queue):
    results: list[tuple[str, dict[str, object]]] = []

    def record(sender: object, result: dict[str, object], **_: object) -> None:
        results.append((threading.current_thread().name, result))

    task_success.connect(record, sender=simulate_games, weak=False)
    try:
        simulate_games.apply_async(("Ace", "forrest", 2), queue=worker_queue)
        games = _wait_for_finished_games(2)
        deadline = time.monotonic() + 10
        while not results and time.monotonic() < deadline:
            time.sleep(0.05)  # the task reports success just after its last commit
    finally:
        task_success.disconnect(record, sender=simulate_games)

    assert len(games) == 2
    for game in games:
        rounds = list(game.rounds.all())
        assert game.player.kind == PlayerKind.SCRIPTED
        assert game.policy == "forrest"
        assert game.winner is not None
        assert len(rounds) == game.rounds_played > 0
        assert game.player_score == sum((r.player_delta for r in rounds), Decimal(0))
        assert game.bot_score == sum((r.bot_delta for r in rounds), Decimal(0))
    [(thread, summary)] = results
    assert thread != threading.main_thread().name  # ran in the worker, not eagerly here
    assert summary["games"] == 2
    assert summary["rounds"] == sum(game.rounds_played for game in games)
