"""A bounded load run: concurrent players play whole games over HTTP against gunicorn on
PostgreSQL while a real Celery worker, in its own process, trains a family, scores the
challengers and runs promotion cycles. Afterwards: no request failed, every finished game's
score is the sum of its rounds, the slot counters equal the finished games, the worker really
worked, and the memory of the web workers and of the Celery worker stayed flat once warm.

Bounded in time (RPSWEB_SOAK_SECONDS, 40 s by default) and to loopback."""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Sum

from core.vocabulary import FAMILIES
from games.models import Game, GameStatus
from games.simulation import bootstrap_games_top_up
from promotion.models import PromotionEvent, SlotCounter
from promotion.tasks import run_all_cycles
from tests.integration.servers import database_url_of_tests, running_gunicorn
from tests.load.harness import Tally, celery_worker, children, play_until, rss_mib, wait_for_file
from tests.registry.conftest import (  # noqa: F401  (fixtures, used by name)
    empty_mlflow_db,
    mlflow_store,
    registered_version,
    tiny_models,
)
from tests.unavailable import part_unavailable
from training.models import ModelVersion
from training.tasks import challenger_accuracy, train_family

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

LOAD_SECONDS = float(os.environ.get("RPSWEB_SOAK_SECONDS", "40"))
WARM_SECONDS = 12.0
PLAYERS = 8
QUEUE = "rpsweb-load-tests"
SAMPLE_EVERY = 2.0
# Flat means: the last readings are within this of the first readings once warm. Python's
# allocator and the models' caches move by a few MiB; a leak per request would be far more.
GROWTH_FACTOR = 1.15
GROWTH_SLACK_MIB = 24.0


def _environment(tmp_path: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url_of_tests(),
        "MLFLOW_TRACKING_URI": str(settings.MLFLOW_TRACKING_URI),
        "MLFLOW_ARTIFACT_ROOT": str(settings.MLFLOW_ARTIFACT_ROOT),
        "MODEL_CACHE_DIR": str(tmp_path / "model-cache"),
        "MLFLOW_SKIP_PIP_REQUIREMENTS_CHECK": "true",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        # Every player comes from 127.0.0.1: the per-address throttles are not under test here.
        "THROTTLE_PLAY_RATE": "1000000/minute",
        "THROTTLE_START_RATE": "1000000/minute",
        # A small, quick training run, as in the real-worker training test.
        "TRAINING_LEGACY_GAME_STRIDE": "1",
        "GATE_MIN_SAMPLES": "200",
        "GAUNTLET_GAMES_PER_OPPONENT": "3",
        "BACKTEST_MAX_ROWS": "500",
        "LOG_LEVEL": "WARNING",
    }


def _send_background_work() -> None:
    train_family.apply_async(("mnlogit",), queue=QUEUE)
    challenger_accuracy.apply_async(queue=QUEUE)
    run_all_cycles.apply_async(queue=QUEUE)


def _flat(readings: list[float]) -> tuple[bool, float, float]:
    third = max(1, len(readings) // 3)
    early, late = statistics.median(readings[:third]), statistics.median(readings[-third:])
    return late <= early * GROWTH_FACTOR + GROWTH_SLACK_MIB, early, late


@pytest.fixture
def served_models(registered_version) -> None:  # noqa: F811  (the fixture)
    for family in FAMILIES:
        registered_version(family, aliases=("Production",))
        registered_version(family, aliases=("B",))


def test_players_under_load_lose_nothing_while_the_worker_trains_and_promotes(
    tmp_path: Path, served_models: None
) -> None:
    if connection.vendor != "postgresql":
        part_unavailable("the load run is defined against PostgreSQL (CI runs it there)")
    bootstrap_games_top_up(games_per_pair=6)  # the worker's training data
    versions_before = ModelVersion.objects.count()
    env = _environment(tmp_path)
    pidfile = tmp_path / "gunicorn.pid"
    tally = Tally()
    web_memory: list[float] = []
    worker_memory: list[float] = []
    sent = 0

    with (
        celery_worker(tmp_path, QUEUE, env) as worker_pid,
        running_gunicorn(tmp_path, workers=2, GUNICORN_CMD_ARGS=f"--pid {pidfile}", **env) as base,
    ):
        master = int(wait_for_file(pidfile))
        stop = threading.Event()
        players = [
            threading.Thread(target=play_until, args=(base, index, stop, tally), daemon=True)
            for index in range(PLAYERS)
        ]
        for player in players:
            player.start()
        _send_background_work()  # the first round loads the worker's libraries while warming
        sent += 1
        started = time.monotonic()
        next_work = started + WARM_SECONDS
        while time.monotonic() - started < WARM_SECONDS + LOAD_SECONDS:
            time.sleep(SAMPLE_EVERY)
            now = time.monotonic()
            if now >= next_work:
                _send_background_work()
                sent += 1
                next_work = now + 10
            if now - started >= WARM_SECONDS:
                web_memory.append(sum(rss_mib(pid) for pid in children(master)))
                worker_memory.append(rss_mib(worker_pid))
            if not any(player.is_alive() for player in players):
                break
        stop.set()
        for player in players:
            player.join(timeout=90)
        # Let the worker finish what it holds, so the ledger is read after the last cycle.
        deadline = time.monotonic() + 120
        while PromotionEvent.objects.count() < len(FAMILIES) and time.monotonic() < deadline:
            time.sleep(1)

    assert tally.errors == []
    assert tally.requests > 0 and len(tally.finished) >= PLAYERS

    finished = Game.objects.filter(pk__in=tally.finished, status=GameStatus.FINISHED)
    assert finished.count() == len(tally.finished)
    sums = finished.annotate(
        player_sum=Sum("rounds__player_delta"),
        bot_sum=Sum("rounds__bot_delta"),
        round_count=Count("rounds"),
    )
    wrong = sums.exclude(
        player_score=F("player_sum"), bot_score=F("bot_sum"), rounds_played=F("round_count")
    )
    assert list(wrong.values_list("pk", flat=True)) == []
    seen = dict(sums.values_list("pk", "round_count"))
    assert seen == tally.finished

    counted = Counter(
        {
            (game["family"], game["model_alias"], game["difficulty_mode"]): game["n"]
            for game in Game.objects.filter(
                status=GameStatus.FINISHED, is_test=False, model_alias__in=("Production", "B")
            )
            .values("family", "model_alias", "difficulty_mode")
            .annotate(n=Count("pk"))
        }
    )
    counters = Counter(
        {
            (row.family, row.slot, row.difficulty): row.games
            for row in SlotCounter.objects.all()
            if row.games
        }
    )
    assert counters == counted

    assert sent >= 2
    assert PromotionEvent.objects.count() >= len(FAMILIES)
    assert ModelVersion.objects.count() > versions_before  # the worker trained

    web_flat, web_early, web_late = _flat(web_memory)
    worker_flat, worker_early, worker_late = _flat(worker_memory)
    summary = (
        f"web workers {web_early:.0f} -> {web_late:.0f} MiB, "
        f"celery worker {worker_early:.0f} -> {worker_late:.0f} MiB, "
        f"{tally.requests} requests, {len(tally.finished)} games"
    )
    print(summary)
    assert web_flat and worker_flat, summary
