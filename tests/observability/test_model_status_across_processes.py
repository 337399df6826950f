"""rps_model_status in multiprocess mode (several gunicorn workers or Celery children): a status
is 1 while at least one live process is in it, and a dead process's view drops out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from prometheus_client import CollectorRegistry, multiprocess

from tests.observability.exposition import ROOT

SET_STATUS = (
    "import os, sys; from training import metrics; "
    "metrics.status_set(sys.argv[1], sys.argv[2]); print(os.getpid())"
)


def status_in_process(folder: Path, family: str, status: str) -> int:
    """Set a status in a process of its own, as a serving process would; returns its pid."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder)}
    done = subprocess.run(
        [sys.executable, "-c", SET_STATUS, family, status],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return int(done.stdout.strip())


def statuses(folder: Path) -> dict[tuple[str, str], float]:
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=str(folder))
    return {
        (s.labels["model"], s.labels["status"]): s.value
        for family in registry.collect()
        if family.name == "rps_model_status"
        for s in family.samples
    }


def test_every_live_process_status_shows_and_a_dead_one_drops_out(tmp_path):
    failing = status_in_process(tmp_path, "xgboost", "error")
    status_in_process(tmp_path, "xgboost", "ok")
    status_in_process(tmp_path, "feedforward", "degraded")

    seen = statuses(tmp_path)

    assert seen[("xgboost", "error")] == 1
    assert seen[("xgboost", "ok")] == 1
    assert seen[("xgboost", "degraded")] == seen[("xgboost", "missing")] == 0
    assert seen[("feedforward", "degraded")] == 1
    assert seen[("feedforward", "ok")] == 0

    multiprocess.mark_process_dead(failing, path=str(tmp_path))

    after = statuses(tmp_path)
    assert after[("xgboost", "error")] == 0
    assert after[("xgboost", "ok")] == 1
