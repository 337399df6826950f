"""Interval schedules kept in the database for django-celery-beat, set up by data migrations.

Each room's schedule migration describes its tasks and calls these two functions with the
migration's historical ``apps``. Admins can change or pause the tasks afterwards in Django admin:
creating again leaves ``enabled`` alone, so an admin's pause survives.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone


@dataclass(frozen=True, slots=True)
class Schedule:
    name: str
    task: str
    every: int
    period: str  # "minutes", "hours", "days"
    description: str


def _schedules_changed(apps: Any) -> None:
    # Beat notices edits through this one-row table; historical models skip the signals
    # that normally bump it.
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def schedules_create(apps: Any, schedules: Iterable[Schedule]) -> None:
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for schedule in schedules:
        # IntervalSchedule has no unique key, so duplicates may exist: reuse the first.
        interval = (
            IntervalSchedule.objects.filter(every=schedule.every, period=schedule.period)
            .order_by("pk")
            .first()
        )
        if interval is None:
            interval = IntervalSchedule.objects.create(every=schedule.every, period=schedule.period)
        PeriodicTask.objects.update_or_create(
            name=schedule.name,
            defaults={
                "task": schedule.task,
                "interval": interval,
                "crontab": None,
                "solar": None,
                "clocked": None,
                "one_off": False,
                "description": schedule.description,
            },
        )
    _schedules_changed(apps)


def schedules_remove(apps: Any, names: Iterable[str]) -> None:
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name in names:
        task = PeriodicTask.objects.filter(name=name).first()
        if task is None:
            continue
        interval_id = task.interval_id
        task.delete()
        if interval_id and not PeriodicTask.objects.filter(interval_id=interval_id).exists():
            IntervalSchedule.objects.filter(pk=interval_id).delete()
    _schedules_changed(apps)
