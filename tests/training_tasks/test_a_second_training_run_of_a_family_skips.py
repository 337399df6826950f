from __future__ import annotations

import pytest

from training.lifecycle.scheduled import training_lease
from training.models import ModelVersion, TrainingLock
from training.tasks import train_family

pytestmark = pytest.mark.django_db


def test_a_run_while_another_holds_the_family_skips_and_says_so():
    with training_lease(family="mnlogit", owner="worker-a:task-1"):
        result = train_family.apply(args=("mnlogit",)).get()

    assert result == {
        "family": "mnlogit",
        "skipped": "already training",
        "holder": "worker-a:task-1",
    }
    assert not ModelVersion.objects.exists()


def test_the_skipped_run_leaves_the_holders_lease_alone():
    with training_lease(family="mnlogit", owner="worker-a:task-1"):
        train_family.apply(args=("mnlogit",)).get()
        lock = TrainingLock.objects.get(family="mnlogit")

        assert lock.owner == "worker-a:task-1"
        assert lock.locked_until is not None


def test_another_family_is_not_held_up(settings):
    settings.GATE_MIN_SAMPLES = 10**9  # the run stops at the data check: no training needed

    with training_lease(family="mnlogit", owner="worker-a:task-1"):
        result = train_family.apply(args=("xgboost",)).get()

    assert result["family"] == "xgboost"
    assert result["skipped"].startswith("not enough data: 0 rows")


def test_a_finished_run_frees_the_family(settings):
    settings.GATE_MIN_SAMPLES = 10**9

    train_family.apply(args=("mnlogit",)).get()

    lock = TrainingLock.objects.get(family="mnlogit")
    assert lock.owner == ""
    assert lock.locked_until is None


def test_an_unknown_family_is_an_error_not_a_skip():
    outcome = train_family.apply(args=("perceptron",))

    assert outcome.failed()
    assert "unknown model family 'perceptron'" in str(outcome.result)
