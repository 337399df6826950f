"""The training room's schedules, in the database for django-celery-beat (migration
training 0003), applied through the migration's own operation as the games schedule test does."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from rpsweb.celery import app

pytestmark = pytest.mark.django_db

KEY = ("training", "0003_training_schedules")
NAMES = ["archive-stale-versions", "challenger-accuracy", "train-all"]


def _run(*, forwards: bool) -> None:
    loader = MigrationLoader(connection)
    [operation] = loader.get_migration(*KEY).operations
    code = operation.code if forwards else operation.reverse_code
    code(loader.project_state(KEY).apps, None)


@pytest.fixture
def before_the_migration():
    PeriodicTask.objects.filter(name__in=NAMES).delete()


def _schedule(name: str) -> tuple[str, int, str]:
    task = PeriodicTask.objects.get(name=name)
    return task.task, task.interval.every, task.interval.period


def test_migrate_has_applied_it():
    assert KEY in MigrationRecorder(connection).applied_migrations()


def test_training_accuracy_and_archival_run_on_their_configured_intervals(
    before_the_migration, settings
):
    settings.TRAINING_INTERVAL_MINUTES = 45
    settings.CHALLENGER_ACCURACY_INTERVAL_MINUTES = 7

    _run(forwards=True)

    assert _schedule("train-all") == ("training.train_all", 45, "minutes")
    assert _schedule("challenger-accuracy") == ("training.challenger_accuracy", 7, "minutes")
    assert _schedule("archive-stale-versions") == ("training.archive_stale", 1, "days")
    assert all(PeriodicTask.objects.get(name=name).enabled for name in NAMES)


def test_the_defaults_are_every_30_and_every_10_minutes():
    assert (
        app.conf.beat_scheduler,
        _default("TRAINING_INTERVAL_MINUTES"),
        _default("CHALLENGER_ACCURACY_INTERVAL_MINUTES"),
    ) == ("django_celery_beat.schedulers:DatabaseScheduler", 30, 10)


def _default(name: str) -> int:
    from rpsweb.settings import ml

    return getattr(ml, name)


def test_every_scheduled_task_is_a_registered_celery_task():
    _run(forwards=True)

    app.loader.import_default_modules()
    for name in NAMES:
        assert PeriodicTask.objects.get(name=name).task in app.tasks


def test_applying_it_again_keeps_one_task_each_and_an_admins_pause(before_the_migration):
    _run(forwards=True)
    PeriodicTask.objects.filter(name="train-all").update(enabled=False)

    _run(forwards=True)

    assert PeriodicTask.objects.filter(name__in=NAMES).count() == 3
    assert not PeriodicTask.objects.get(name="train-all").enabled


def test_reversing_removes_the_tasks_and_keeps_intervals_others_use(before_the_migration):
    _run(forwards=True)
    shared = PeriodicTask.objects.get(name="train-all").interval
    PeriodicTask.objects.create(name="other", task="other.task", interval=shared)

    _run(forwards=False)

    assert not PeriodicTask.objects.filter(name__in=NAMES).exists()
    assert IntervalSchedule.objects.filter(pk=shared.pk).exists()
