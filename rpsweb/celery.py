"""The Celery app. Tasks live in each app's ``tasks.py``; schedules live in the database."""

import os

from celery import Celery

from rpsweb import worker_metrics

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rpsweb.settings")

app = Celery("rpsweb")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# An opt-in /metrics endpoint in each worker (CELERY_METRICS_PORT), for Prometheus to scrape.
worker_metrics.connect()
