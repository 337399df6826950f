"""A real Celery worker (with its pool) is SIGKILLed in the middle of a promotion cycle that
swaps Production and B: after MLflow has moved the aliases, before our mirror and ledger are
written.

The test holds a row lock on the mirror's Production row, so the cycle stops exactly there; the
kill then lands in the same place every time. No half-applied swap stays: no ledger event, no
audit row, the mirror as before (MLflow alone has moved: the drift docs/operations.md
describes). Run again on a new worker, the cycle applies the same swap once, and the registry
and mirror agree. (The killed task itself comes back only after the broker's visibility
timeout, an hour.)

PostgreSQL only: SQLite has no row locks to stop the cycle half way."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from promotion.models import PromotionEvent
from tests.faults.services import PrivateRedis, Worker, celery_worker, send_task, wait_until
from tests.integration.servers import database_url_of_tests
from tests.promotion.conftest import set_counters
from tests.unavailable import part_unavailable
from training.models import AliasAssignment, AliasChange, ModelVersion
from training.registry import store as registry

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

FAMILY = "mnlogit"
ALIASES = ("Production", "B", "shadow1", "shadow2")


def _result(worker: Worker, task_id: str) -> str | None:
    found = re.findall(rf"\[{task_id}\] succeeded in [^:]*: (.*)", worker.log())
    return found[-1] if found else None


def _mirror() -> dict[str, int]:
    return dict(
        AliasAssignment.objects.filter(family=FAMILY).values_list("alias", "version__version")
    )


def _waiting_backend(blocker: psycopg.Connection) -> int | None:
    """The backend (other than ours) waiting for a lock our transaction holds."""
    row = blocker.execute(
        "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
        "AND %s = ANY(pg_blocking_pids(pid))",
        [blocker.info.backend_pid],
    ).fetchone()
    return row[0] if row else None


def _backend_gone(pid: int) -> bool:
    with psycopg.connect(database_url_of_tests(), autocommit=True) as probe:
        return (
            probe.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone() is None
        )


def test_a_cycle_killed_after_mlflow_moved_leaves_the_mirror_and_ledger_consistent(
    tmp_path: Path,
    broker: PrivateRedis,
    worker_env: dict[str, str],
    registered_version: Callable[..., ModelVersion],
) -> None:
    if connection.vendor != "postgresql":
        part_unavailable("needs PostgreSQL: the test stops the cycle half way with a row lock")
    versions = {alias: registered_version(FAMILY, aliases=(alias,)) for alias in ALIASES}
    # B's bot wins more: the cycle swaps Production and B (no accuracies: no re-ranking).
    set_counters(FAMILY, "Production", games=10, wins=2)
    set_counters(FAMILY, "B", games=10, wins=8)
    before = {"mirror": _mirror(), "changes": AliasChange.objects.count()}
    assert registry.aliases(FAMILY) == before["mirror"]
    swapped = {
        **before["mirror"],
        "Production": versions["B"].version,
        "B": versions["Production"].version,
    }
    queue = f"faults-cycle-{uuid.uuid4().hex[:8]}"
    with psycopg.connect(database_url_of_tests()) as blocker:  # one open transaction
        blocker.execute(
            "SELECT 1 FROM training_aliasassignment WHERE family = %s AND alias = %s FOR UPDATE",
            [FAMILY, "Production"],
        )
        with celery_worker(tmp_path, queue=queue, **worker_env, PROMOTION_METHOD="point") as dying:
            send_task(broker.url(0), "promotion.run_cycle", FAMILY, queue=queue)
            wait_until(
                lambda: registry.aliases(FAMILY) == swapped,
                timeout=60,
                what="the cycle to move the aliases in MLflow",
            )
            cycle_backend = wait_until(
                lambda: _waiting_backend(blocker),
                timeout=30,
                what="the cycle to wait for the mirror's row lock",
            )
            dying.kill_all()
        blocker.rollback()
    wait_until(
        lambda: _backend_gone(cycle_backend),
        timeout=30,
        what="PostgreSQL to end the killed cycle's session",
    )
    after_kill = {
        "mirror": _mirror(),
        "changes": AliasChange.objects.count(),
        "events": PromotionEvent.objects.filter(family=FAMILY).count(),
        "registry": registry.aliases(FAMILY),
    }
    with celery_worker(tmp_path, queue=queue, **worker_env, PROMOTION_METHOD="point") as worker:
        again = send_task(broker.url(0), "promotion.run_cycle", FAMILY, queue=queue)
        rerun = wait_until(lambda: _result(worker, again), timeout=60, what="the cycle again")

    # Nothing of the killed cycle stayed in our database; only MLflow had moved.
    assert after_kill == {
        "mirror": before["mirror"],
        "changes": before["changes"],
        "events": 0,
        "registry": swapped,
    }
    # Run again, the cycle makes the same decision and applies it once.
    assert "decision=swap_production_b swap=True" in rerun
    [event] = PromotionEvent.objects.filter(family=FAMILY)
    assert event.decision == "swap_production_b"
    assert _mirror() == registry.aliases(FAMILY) == swapped
    moved = AliasChange.objects.filter(promotion_event_id=event.pk)
    assert sorted(moved.values_list("alias", flat=True)) == ["B", "Production"]
    assert AliasChange.objects.count() == before["changes"] + 2
