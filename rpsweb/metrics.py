"""/metrics: the process counters (summed over every gunicorn worker in multiprocess mode) plus
gauges read from the database at scrape time.

State that a Celery worker changes — tickers since the last swap, model ages — is exported from
the database on every scrape, so every web worker and replica shows what was decided, whichever
process decided it, and nothing resets when a process restarts.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric

from games.engine.bots import FAMILIES


class DatabaseCollector:
    def collect(self) -> Iterator[Metric]:
        from promotion.counters import slot_totals
        from promotion.selectors import ticker_snapshot
        from training.models import AliasAssignment

        since_swap = GaugeMetricFamily(
            "rps_model_games_since_production_swap",
            "Games each slot has played since the family's last Production/B swap.",
            labels=["model", "alias"],
        )
        cycles = GaugeMetricFamily(
            "rps_model_promotion_cycles_since_swap",
            "Promotion cycles since the family's last Production/B swap.",
            labels=["model"],
        )
        for family in FAMILIES:
            snapshot = ticker_snapshot(family=family, totals=slot_totals(family=family))
            since_swap.add_metric([family, "Production"], snapshot.production_since_swap.games)
            since_swap.add_metric([family, "B"], snapshot.b_since_swap.games)
            cycles.add_metric([family], snapshot.cycles_since_swap)
        yield since_swap
        yield cycles

        age = GaugeMetricFamily(
            "rps_model_age_seconds",
            "Seconds since the version at each alias was registered.",
            labels=["model", "alias", "version"],
        )
        now = timezone.now()
        for assignment in AliasAssignment.objects.select_related("version"):
            age.add_metric(
                [assignment.family, assignment.alias, str(assignment.version.version)],
                (now - assignment.version.created_at).total_seconds(),
            )
        yield age


def metrics_view(request: HttpRequest) -> HttpResponse:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)
    else:
        processes = REGISTRY
    database = CollectorRegistry(auto_describe=False)
    database.register(DatabaseCollector())
    body = generate_latest(processes) + generate_latest(database)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
