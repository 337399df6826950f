"""The schedule migration, run through its own RunPython operation with the historical models.

Transactional tests elsewhere flush the test database (and a reused test database keeps that),
so the row the migration wrote at setup cannot be relied on here: each test starts from the
state before the migration and applies the operation itself."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django_celery_beat.models import IntervalSchedule, PeriodicTask

pytestmark = pytest.mark.django_db

KEY = ("games", "0003_legacy_gameplay_schedule")


def _run(*, forwards: bool) -> None:
    loader = MigrationLoader(connection)
    [operation] = loader.get_migration(*KEY).operations
    state = loader.project_state(KEY)
    code = operation.code if forwards else operation.reverse_code
    code(state.apps, None)


@pytest.fixture
def before_the_migration():
    PeriodicTask.objects.all().delete()
    IntervalSchedule.objects.all().delete()


def test_migrate_has_applied_it():
    assert KEY in MigrationRecorder(connection).applied_migrations()


def test_it_creates_the_legacy_gameplay_task_on_the_configured_interval(
    before_the_migration, settings
):
    settings.LEGACY_GAMEPLAY_INTERVAL_MINUTES = 45

    _run(forwards=True)

    task = PeriodicTask.objects.get(name="legacy-gameplay")
    assert task.task == "games.legacy_gameplay"
    assert task.enabled
    assert task.interval is not None
    assert (task.interval.every, task.interval.period) == (45, IntervalSchedule.MINUTES)


def test_reversing_removes_the_task_and_its_now_unused_interval(before_the_migration):
    _run(forwards=True)

    _run(forwards=False)

    assert not PeriodicTask.objects.filter(name="legacy-gameplay").exists()
    assert not IntervalSchedule.objects.exists()


def test_reversing_keeps_an_interval_another_task_uses(before_the_migration):
    _run(forwards=True)
    interval = PeriodicTask.objects.get(name="legacy-gameplay").interval
    PeriodicTask.objects.create(name="other", task="other.task", interval=interval)

    _run(forwards=False)

    assert IntervalSchedule.objects.filter(pk=interval.pk).exists()


def test_applying_it_again_keeps_a_single_task_and_an_admins_pause(before_the_migration):
    _run(forwards=True)
    PeriodicTask.objects.filter(name="legacy-gameplay").update(enabled=False, task="old.name")

    _run(forwards=True)

    task = PeriodicTask.objects.get(name="legacy-gameplay")
    assert task.task == "games.legacy_gameplay"
    assert not task.enabled
    assert IntervalSchedule.objects.count() == 1
