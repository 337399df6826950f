"""A real Celery worker (prefork, two children) started with CELERY_METRICS_PORT serves what its
children counted, summed from its multiprocess folder: equal to what the database says the task
did. Files an earlier run left in the folder are not counted again, a child's live gauges leave
with it, and the worker serves no database-backed metric (the web does)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.db import connections

from games.models import Game, GameStatus, Round
from games.tasks import simulate_games
from rpsweb.celery import app
from rpsweb.worker_metrics import folder_prepare
from tests.integration.servers import ROOT, database_url_of_tests, free_port
from tests.observability.exposition import sample_values

STALE = "from games import metrics; metrics.GAMES_STARTED.labels('forrest', 'standard').inc(5)"


def test_preparing_the_folder_removes_other_processes_files_only(tmp_path):
    folder = tmp_path / "prometheus"
    folder.mkdir()
    for name in ("counter_111.db", "gauge_livemax_111.db", "histogram_4242.db", "counter_4242.db"):
        (folder / name).write_bytes(b"x")

    removed = folder_prepare(folder, keep_pid=4242)

    assert sorted(removed) == ["counter_111.db", "gauge_livemax_111.db"]
    assert sorted(p.name for p in folder.iterdir()) == ["counter_4242.db", "histogram_4242.db"]


def wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode()
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("worker metrics never answered:\n" + log.read_text()) from None
            time.sleep(0.3)


def finished_games(count: int, seconds: float = 120) -> list[Game]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        games = list(Game.objects.filter(player__name="Bob", status=GameStatus.FINISHED))
        if len(games) >= count:
            return games
        time.sleep(0.3)
    pytest.fail(f"the worker did not finish {count} games in {seconds} s")


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_prefork_worker_serves_its_childrens_counts(tmp_path):
    folder = tmp_path / "prometheus"
    folder.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": database_url_of_tests(),
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
        "MLFLOW_SKIP_PIP_REQUIREMENTS_CHECK": "true",
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    # What an earlier run of the worker left behind: five games that this run did not start.
    subprocess.run([sys.executable, "-c", STALE], cwd=ROOT, env=env, check=True, timeout=60)
    assert list(folder.glob("counter_*.db"))
    queue = f"rpsweb-obs-metrics-{uuid.uuid4().hex[:8]}"
    port = free_port()
    log_path = tmp_path / "worker.log"
    command = [sys.executable, "-m", "celery", "-A", "rpsweb", "worker", "-P", "prefork", "-c",
               "2", "-Q", queue, "-n", f"{queue}@%h", "-l", "warning", "--without-gossip",
               "--without-mingle", "--without-heartbeat"]  # fmt: skip
    with log_path.open("wb") as log:
        worker = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**env, "CELERY_METRICS_PORT": str(port), "CELERY_METRICS_ADDRESS": "127.0.0.1"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        eager = app.conf.task_always_eager
        app.conf.task_always_eager = False
        try:
            url = f"http://127.0.0.1:{port}/metrics"
            wait_for(url, worker, log_path)
            simulate_games.apply_async(("Bob", "forrest", 3), queue=queue)
            games = finished_games(3)
            time.sleep(1)  # the task's counters are written just after its last commit
            text = wait_for(url, worker, log_path)
            child_files = {p.name for p in folder.glob("*.db")}
        finally:
            app.conf.task_always_eager = eager
            worker.terminate()
            worker.wait(timeout=60)
            connections.close_all()

    started = sample_values(text, "rps_games_started_total")
    assert sum(started.values()) == len(games) == Game.objects.count() == 3
    rounds = sum(sample_values(text, "rps_rounds_played_total").values())
    assert rounds == Round.objects.count() > 0
    # Counted by a pool child, not the main process that serves the endpoint.
    assert any(name.startswith("counter_") for name in child_files)
    # No database-backed metric: those come from the web alone.
    assert "rps_model_games_since_production_swap" not in text
    assert "rps_model_age_seconds" not in text
    # The children's live gauges (model status: no version, "missing") left with them.
    assert any(name.startswith("gauge_livemax_") for name in child_files)
    assert not list(folder.glob("gauge_live*.db")), log_path.read_text()
