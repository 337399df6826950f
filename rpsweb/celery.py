"""The Celery app. Tasks live in each app's ``tasks.py``; schedules live in the database."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rpsweb.settings")

app = Celery("rpsweb")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
