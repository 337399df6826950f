"""The legacy gameplay job's schedule, kept in the database for django-celery-beat.

Every LEGACY_GAMEPLAY_INTERVAL_MINUTES (150 by default) the scripted opponents play a round of
games against every bot, producing training data. Admins can change or pause it afterwards in
Django admin; this migration only sets it up (idempotently) and removes it on reverse.
"""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

TASK_NAME = "legacy-gameplay"
TASK = "games.legacy_gameplay"
MINUTES = "minutes"


def _schedules_changed(apps):
    # Beat notices edits through this one-row table; historical models skip the signals
    # that normally bump it.
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every = settings.LEGACY_GAMEPLAY_INTERVAL_MINUTES
    # IntervalSchedule has no unique key, so duplicates may exist: reuse the first.
    interval = IntervalSchedule.objects.filter(every=every, period=MINUTES).order_by("pk").first()
    if interval is None:
        interval = IntervalSchedule.objects.create(every=every, period=MINUTES)
    # "enabled" is left to the model's default (on) so that an admin's pause survives.
    PeriodicTask.objects.update_or_create(
        name=TASK_NAME,
        defaults={
            "task": TASK,
            "interval": interval,
            "crontab": None,
            "solar": None,
            "clocked": None,
            "one_off": False,
            "description": "Scripted opponents play every bot policy: training data.",
        },
    )
    _schedules_changed(apps)


def remove_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    task = PeriodicTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        return
    interval_id = task.interval_id
    task.delete()
    if interval_id and not PeriodicTask.objects.filter(interval_id=interval_id).exists():
        IntervalSchedule.objects.filter(pk=interval_id).delete()
    _schedules_changed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("games", "0002_scores_equal_rounds_trigger"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
