"""The Celery app. Tasks live in each app's ``tasks.py``; schedules live in the database."""

import os

from celery import Celery
from celery.signals import worker_process_init

from rpsweb import worker_metrics

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rpsweb.settings")

app = Celery("rpsweb")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# An opt-in /metrics endpoint in each worker (CELERY_METRICS_PORT), for Prometheus to scrape.
worker_metrics.connect()


@worker_process_init.connect
def _preload_models(**_: object) -> None:
    # Simulated games play through the same service as people: load their models up front.
    from django.conf import settings

    if settings.SERVING_PRELOAD:
        from training import serving

        serving.preload_all()
