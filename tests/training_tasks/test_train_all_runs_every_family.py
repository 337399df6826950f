from __future__ import annotations

import pytest
from celery.signals import task_success

from training.models import TrainingLock
from training.tasks import train_all, train_family

pytestmark = pytest.mark.django_db


def test_it_starts_one_training_task_per_family(eager, settings):
    settings.GATE_MIN_SAMPLES = 10**9  # each run stops at the data check
    results: list[dict] = []

    def record(sender: object, result: dict, **_: object) -> None:
        results.append(result)

    task_success.connect(record, sender=train_family, weak=False)
    try:
        summary = train_all.apply().get()
    finally:
        task_success.disconnect(record, sender=train_family)

    assert summary == {"queued": ["feedforward", "xgboost", "mnlogit"]}
    assert sorted(r["family"] for r in results) == ["feedforward", "mnlogit", "xgboost"]
    assert all(r["skipped"].startswith("not enough data") for r in results)
    assert set(TrainingLock.objects.values_list("family", "owner")) == {
        ("feedforward", ""),
        ("xgboost", ""),
        ("mnlogit", ""),
    }
