"""The promotion room's schedule, kept in the database for django-celery-beat.

``promotion-cycles``: every PROMOTION_INTERVAL_MINUTES (30 by default) each family runs one
promotion cycle. Admins can change or pause it afterwards in Django admin; this migration only
sets it up (idempotently, keeping an admin's pause) and removes it on reverse.
"""

from django.conf import settings
from django.db import migrations

from core.schedules import Schedule, schedules_create, schedules_remove


def _schedules() -> list[Schedule]:
    return [
        Schedule(
            name="promotion-cycles",
            task="promotion.run_all_cycles",
            every=settings.PROMOTION_INTERVAL_MINUTES,
            period="minutes",
            description="Run one promotion cycle of every family: decide, swap, re-rank.",
        )
    ]


def create_schedule(apps, schema_editor):
    schedules_create(apps, _schedules())


def remove_schedule(apps, schema_editor):
    schedules_remove(apps, [schedule.name for schedule in _schedules()])


class Migration(migrations.Migration):
    dependencies = [
        ("promotion", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
