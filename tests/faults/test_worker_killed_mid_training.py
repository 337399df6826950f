"""A real Celery worker (with its pool) is SIGKILLed while it gates a version it has just
registered. No alias points at the half-finished version, and the dead run's lease stays held
until it runs out; then the next run, on a new worker, trains, registers and gates a new version
cleanly, and the lease is free again.

The gates are made slow with a documented setting (GAUNTLET_GAMES_PER_OPPONENT), so the kill
lands between registration and gating every time."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from django.utils import timezone

from games.simulation import bootstrap_games_top_up
from tests.faults.services import PrivateRedis, Worker, celery_worker, send_task, wait_until
from training.models import AliasAssignment, AliasChange, ModelVersion, Stage, TrainingLock
from training.registry import store as registry

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

FAMILY = "mnlogit"
LEASE_MINUTES = 0.1  # six seconds: the test waits for a dead run's lease to run out


def _result(worker: Worker, task_id: str) -> str | None:
    """The summary the worker logged for ``task_id``'s latest successful run."""
    found = re.findall(rf"\[{task_id}\] succeeded in [^:]*: (.*)", worker.log())
    return found[-1] if found else None


def test_a_run_killed_while_gating_leaves_no_alias_and_the_next_run_is_clean(
    tmp_path: Path, broker: PrivateRedis, worker_env: dict[str, str]
) -> None:
    bootstrap_games_top_up(games_per_pair=6)  # about 1,500 rows
    queue = f"faults-training-{uuid.uuid4().hex[:8]}"
    env = {
        **worker_env,
        "TRAINING_LEGACY_GAME_STRIDE": "1",
        "GATE_MIN_SAMPLES": "200",
        "GAUNTLET_GAMES_PER_OPPONENT": "25",  # seconds of gating: the window for the kill
        "GAUNTLET_MIN_MEAN_WIN_RATE": "0",
        "GAUNTLET_MIN_WIN_RATE": "0",
        "GAUNTLET_RANDOM_MARGIN": "1",  # the kill is under test here, not how well it plays
        "BACKTEST_MAX_ROWS": "500",
        "TRAINING_LOCK_LEASE_MINUTES": str(LEASE_MINUTES),
    }
    with celery_worker(tmp_path, queue=queue, **env) as dying:
        send_task(broker.url(0), "training.train_family", FAMILY, queue=queue)
        half = wait_until(
            lambda: ModelVersion.objects.filter(family=FAMILY).first(),
            timeout=120,
            what="the worker to register a version",
            every=0.05,
        )
        dying.kill_all()
    half.refresh_from_db()
    dead_lease = TrainingLock.objects.get(family=FAMILY)
    aliases_after_kill = registry.aliases(FAMILY)
    mirror_after_kill = AliasAssignment.objects.filter(family=FAMILY).count()
    wait_until(
        lambda: (
            not TrainingLock.objects.filter(family=FAMILY, locked_until__gt=timezone.now()).exists()
        ),
        timeout=60,
        what="the dead run's lease to run out",
    )
    with celery_worker(tmp_path, queue=queue, **env) as worker:
        again = send_task(broker.url(0), "training.train_family", FAMILY, queue=queue)
        summary = wait_until(lambda: _result(worker, again), timeout=120, what="the next run")

    # Killed between registration and gating: a version with no gates and no alias.
    assert half.gates_passed is None
    assert half.stage == Stage.DEVELOPMENT
    assert (mirror_after_kill, aliases_after_kill) == (0, {})
    assert dead_lease.owner and dead_lease.locked_until is not None
    assert "'gates_passed': True" in summary
    # The next run trained, gated and pooled a new version; the half one still holds nothing.
    latest = ModelVersion.objects.filter(family=FAMILY).latest("version")
    assert latest.version > half.version
    assert latest.gates_passed is True
    held = dict(AliasAssignment.objects.filter(family=FAMILY).values_list("alias", "version"))
    assert held == {"shadow2": latest.pk}
    assert registry.aliases(FAMILY) == {"shadow2": latest.version}
    assert not AliasChange.objects.filter(to_version=half).exists()
    lock = TrainingLock.objects.get(family=FAMILY)
    assert (lock.owner, lock.locked_until) == ("", None)
