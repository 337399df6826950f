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

from core.schedules import Schedule, schedules_create, schedules_remove


def _schedules() -> list[Schedule]:
    return [
        Schedule(
            name="train-all",
            task="training.train_all",
            every=settings.TRAINING_INTERVAL_MINUTES,
            period="minutes",
            description="Train a version of every family; those that pass enter at shadow2.",
        ),
        Schedule(
            name="challenger-accuracy",
            task="training.challenger_accuracy",
            every=settings.CHALLENGER_ACCURACY_INTERVAL_MINUTES,
            period="minutes",
            description="Score every alias's version on the rounds of newly finished games.",
        ),
        Schedule(
            name="archive-stale-versions",
            task="training.archive_stale",
            every=1,
            period="days",
            description="Archive versions that hold no alias and were not promoted in time.",
        ),
    ]


def create_schedules(apps, schema_editor):
    schedules_create(apps, _schedules())


def remove_schedules(apps, schema_editor):
    schedules_remove(apps, [schedule.name for schedule in _schedules()])


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0002_training_lock_and_challenger_accuracy"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
