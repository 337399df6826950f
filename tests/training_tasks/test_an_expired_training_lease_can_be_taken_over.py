"""A worker killed mid-run stops renewing its lease; once it runs out, a retry takes over."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from training.lifecycle.scheduled import (
    AlreadyTraining,
    Lease,
    LeaseLost,
    training_lease,
    training_lease_release,
    training_lease_take,
)
from training.models import TrainingLock

pytestmark = pytest.mark.django_db


def _expire(family: str) -> None:
    TrainingLock.objects.filter(family=family).update(
        locked_until=timezone.now() - timedelta(seconds=1)
    )


def test_a_live_lease_cannot_be_taken():
    assert training_lease_take(family="mnlogit", owner="dead-worker")

    assert not training_lease_take(family="mnlogit", owner="retry")
    with (
        pytest.raises(AlreadyTraining, match="dead-worker"),
        training_lease(family="mnlogit", owner="retry"),
    ):
        pass


def test_a_lease_that_ran_out_is_taken_by_the_next_run():
    training_lease_take(family="mnlogit", owner="dead-worker")
    _expire("mnlogit")

    assert training_lease_take(family="mnlogit", owner="retry")
    assert TrainingLock.objects.get(family="mnlogit").owner == "retry"


def test_the_lease_lasts_the_configured_time(settings):
    settings.TRAINING_LOCK_LEASE_MINUTES = 5
    before = timezone.now()

    training_lease_take(family="mnlogit", owner="worker")

    until = TrainingLock.objects.get(family="mnlogit").locked_until
    assert before + timedelta(minutes=5) <= until <= timezone.now() + timedelta(minutes=5)


def test_the_old_owner_can_neither_renew_nor_release_a_lease_taken_over():
    training_lease_take(family="mnlogit", owner="slow-worker")
    _expire("mnlogit")
    training_lease_take(family="mnlogit", owner="retry")

    with pytest.raises(LeaseLost):
        Lease(family="mnlogit", owner="slow-worker").renew()
    training_lease_release(family="mnlogit", owner="slow-worker")

    lock = TrainingLock.objects.get(family="mnlogit")
    assert lock.owner == "retry"
    assert lock.locked_until > timezone.now()


def test_renewing_pushes_the_end_of_the_lease_back():
    training_lease_take(family="mnlogit", owner="worker")
    TrainingLock.objects.filter(family="mnlogit").update(
        locked_until=timezone.now() + timedelta(seconds=5)
    )

    Lease(family="mnlogit", owner="worker").renew()

    assert TrainingLock.objects.get(family="mnlogit").locked_until > timezone.now() + timedelta(
        minutes=1
    )


def test_a_failing_run_still_frees_the_family():
    with pytest.raises(RuntimeError), training_lease(family="mnlogit", owner="worker"):
        raise RuntimeError("training blew up")

    assert training_lease_take(family="mnlogit", owner="next")
