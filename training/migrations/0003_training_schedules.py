"""The training room's schedules, kept in the database for django-celery-beat.

- ``train-all``: every TRAINING_INTERVAL_MINUTES (30 by default) each family trains a version,
  which enters the challenger pool at shadow2 if it passes the gates;
- ``challenger-accuracy``: every CHALLENGER_ACCURACY_INTERVAL_MINUTES (10 by default) every
  alias's version is scored on the rounds of newly finished games;
- ``archive-stale-versions``: once a day, the archival policy.

Admins can change or pause them afterwards in Django admin; this migration only sets them up
(idempotently, keeping an admin's pause) and removes them on reverse.
"""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

MINUTES = "minutes"
DAYS = "days"


def _schedules() -> list[dict]:
    return [
        {
            "name": "train-all",
            "task": "training.train_all",
            "every": settings.TRAINING_INTERVAL_MINUTES,
            "period": MINUTES,
            "description": "Train a version of every family; those that pass enter at shadow2.",
        },
        {
            "name": "challenger-accuracy",
            "task": "training.challenger_accuracy",
            "every": settings.CHALLENGER_ACCURACY_INTERVAL_MINUTES,
            "period": MINUTES,
            "description": "Score every alias's version on the rounds of newly finished games.",
        },
        {
            "name": "archive-stale-versions",
            "task": "training.archive_stale",
            "every": 1,
            "period": DAYS,
            "description": "Archive versions that hold no alias and were not promoted in time.",
        },
    ]


def _schedules_changed(apps):
    # Beat notices edits through this one-row table; historical models skip the signals
    # that normally bump it.
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def create_schedules(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for schedule in _schedules():
        every, period = schedule["every"], schedule["period"]
        # IntervalSchedule has no unique key, so duplicates may exist: reuse the first.
        interval = (
            IntervalSchedule.objects.filter(every=every, period=period).order_by("pk").first()
        )
        if interval is None:
            interval = IntervalSchedule.objects.create(every=every, period=period)
        # "enabled" is left to the model's default (on) so that an admin's pause survives.
        PeriodicTask.objects.update_or_create(
            name=schedule["name"],
            defaults={
                "task": schedule["task"],
                "interval": interval,
                "crontab": None,
                "solar": None,
                "clocked": None,
                "one_off": False,
                "description": schedule["description"],
            },
        )
    _schedules_changed(apps)


def remove_schedules(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for schedule in _schedules():
        task = PeriodicTask.objects.filter(name=schedule["name"]).first()
        if task is None:
            continue
        interval_id = task.interval_id
        task.delete()
        if interval_id and not PeriodicTask.objects.filter(interval_id=interval_id).exists():
            IntervalSchedule.objects.filter(pk=interval_id).delete()
    _schedules_changed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0002_training_lock_and_challenger_accuracy"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
