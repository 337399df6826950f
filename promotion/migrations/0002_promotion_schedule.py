"""The promotion room's schedule, kept in the database for django-celery-beat.

``promotion-cycles``: every PROMOTION_INTERVAL_MINUTES (30 by default) each family runs one
promotion cycle. Admins can change or pause it afterwards in Django admin; this migration only
sets it up (idempotently, keeping an admin's pause) and removes it on reverse.
"""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

NAME = "promotion-cycles"
TASK = "promotion.run_all_cycles"
PERIOD = "minutes"


def _schedules_changed(apps):
    # Beat notices edits through this one-row table; historical models skip the signals
    # that normally bump it.
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every = settings.PROMOTION_INTERVAL_MINUTES
    # IntervalSchedule has no unique key, so duplicates may exist: reuse the first.
    interval = IntervalSchedule.objects.filter(every=every, period=PERIOD).order_by("pk").first()
    if interval is None:
        interval = IntervalSchedule.objects.create(every=every, period=PERIOD)
    # "enabled" is left to the model's default (on) so that an admin's pause survives.
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={
            "task": TASK,
            "interval": interval,
            "crontab": None,
            "solar": None,
            "clocked": None,
            "one_off": False,
            "description": "Run one promotion cycle of every family: decide, swap, re-rank.",
        },
    )
    _schedules_changed(apps)


def remove_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    task = PeriodicTask.objects.filter(name=NAME).first()
    if task is not None:
        interval_id = task.interval_id
        task.delete()
        if interval_id and not PeriodicTask.objects.filter(interval_id=interval_id).exists():
            IntervalSchedule.objects.filter(pk=interval_id).delete()
    _schedules_changed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("promotion", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
