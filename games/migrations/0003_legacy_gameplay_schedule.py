"""The legacy gameplay job's schedule, kept in the database for django-celery-beat.

Every LEGACY_GAMEPLAY_INTERVAL_MINUTES (150 by default) the scripted opponents play a round of
games against every bot, producing training data. Admins can change or pause it afterwards in
Django admin; this migration only sets it up (idempotently) and removes it on reverse.
"""

from django.conf import settings
from django.db import migrations

from core.schedules import Schedule, schedules_create, schedules_remove


def _schedules() -> list[Schedule]:
    return [
        Schedule(
            name="legacy-gameplay",
            task="games.legacy_gameplay",
            every=settings.LEGACY_GAMEPLAY_INTERVAL_MINUTES,
            period="minutes",
            description="Scripted opponents play every bot policy: training data.",
        )
    ]


def create_schedule(apps, schema_editor):
    schedules_create(apps, _schedules())


def remove_schedule(apps, schema_editor):
    schedules_remove(apps, [schedule.name for schedule in _schedules()])


class Migration(migrations.Migration):
    dependencies = [
        ("games", "0002_scores_equal_rounds_trigger"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
