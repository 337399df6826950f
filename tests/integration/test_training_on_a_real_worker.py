"""``training.train_family`` travels through the configured broker (Redis with REDIS_URL, the
embedded filesystem broker otherwise) to a real Celery worker, which trains a family end to end
on simulated games: MLflow run and registered version, our mirror, the gates, the alias."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from celery.signals import task_success

from games.simulation import bootstrap_games_top_up
from tests.integration.workers import real_worker
from tests.registry.conftest import empty_mlflow_db, mlflow_store  # noqa: F401  (fixtures)
from training import serving
from training.models import AliasAssignment, ModelVersion, Stage, TrainingLock
from training.registry import store as registry
from training.tasks import train_family

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

TIMEOUT_SECONDS = 120
QUEUE = "rpsweb-integration-training"


@pytest.fixture
def worker_queue() -> Iterator[str]:
    with real_worker(QUEUE) as queue:
        yield queue


@pytest.fixture
def small_fast_training(settings, mlflow_store) -> None:  # noqa: F811  (the fixture)
    settings.TRAINING_LEGACY_GAME_STRIDE = 1
    settings.GATE_MIN_SAMPLES = 200
    settings.GAUNTLET_GAMES_PER_OPPONENT = 3
    settings.BACKTEST_MAX_ROWS = 500
    bootstrap_games_top_up(games_per_pair=6)  # 144 games, about 1,500 rows


def _run_on_the_worker(queue: str) -> tuple[str, dict[str, object]]:
    results: list[tuple[str, dict[str, object]]] = []

    def record(sender: object, result: dict[str, object], **_: object) -> None:
        results.append((threading.current_thread().name, result))

    task_success.connect(record, sender=train_family, weak=False)
    try:
        train_family.apply_async(("mnlogit",), queue=queue)
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while not results and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        task_success.disconnect(record, sender=train_family)
    if not results:
        pytest.fail(f"the worker did not finish training within {TIMEOUT_SECONDS} s")
    return results[0]


def test_a_worker_trains_registers_gates_and_pools_a_new_version(small_fast_training, worker_queue):
    thread, summary = _run_on_the_worker(worker_queue)

    version = ModelVersion.objects.get(family="mnlogit")
    [in_registry] = registry.versions("mnlogit")
    assert thread != threading.main_thread().name  # ran in the worker, not eagerly here
    assert summary["version"] == version.version == in_registry.version
    assert in_registry.run_id == version.run_id
    assert in_registry.sha256 == version.sha256
    # The artifact behind the version is the one the mirror vouches for.
    assert serving.load_version(family="mnlogit", version=str(version.version)).sha256 == (
        version.sha256
    )
    assert version.sample_counts["rows"] >= 200
    assert set(version.gate_results) == {
        "min_samples",
        "holdout_vs_baseline",
        "gauntlet",
        "backtest",
    }
    held = dict(AliasAssignment.objects.values_list("alias", "version__version"))
    if version.gates_passed:
        assert version.stage == Stage.STAGING
        assert held == registry.aliases("mnlogit") == {"shadow2": version.version}
        assert summary["aliases"] == ["shadow2"]
    else:
        assert version.stage == Stage.REJECTED
        assert held == registry.aliases("mnlogit") == {}
    lock = TrainingLock.objects.get(family="mnlogit")
    assert (lock.owner, lock.locked_until) == ("", None)
