"""/metrics: the process counters (summed over every gunicorn worker in multiprocess mode) plus
metrics read from the database at scrape time.

State that a Celery worker changes — tickers since the last swap, model ages, challenger
accuracy, the slot counters — is exported from the database on every scrape, so every web worker
and replica shows what was decided, whichever process decided it, and nothing resets when a
process restarts. Only the web exports these: a worker's own endpoint (rpsweb.worker_metrics)
serves its process metrics alone, so Prometheus never sees the same database row twice.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

from django.http import HttpRequest, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import Metric

from promotion import database_metrics as promotion_database_metrics
from training import database_metrics as training_database_metrics

# Each room exports the state it owns; the roof only gathers them.
ROOM_COLLECTORS: tuple[Callable[[], Iterator[Metric]], ...] = (
    promotion_database_metrics.collect,
    training_database_metrics.collect,
)


class DatabaseCollector:
    def collect(self) -> Iterator[Metric]:
        for collect in ROOM_COLLECTORS:
            yield from collect()


def process_registry() -> CollectorRegistry:
    """This process's metrics, or every process's of the multiprocess folder when there is one."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)
        return processes
    return REGISTRY


def metrics_view(request: HttpRequest) -> HttpResponse:
    database = CollectorRegistry(auto_describe=False)
    database.register(DatabaseCollector())
    body = generate_latest(process_registry()) + generate_latest(database)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
