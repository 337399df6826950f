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
from collections.abc import Iterator

from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from core.vocabulary import FAMILIES, PRODUCTION, B

SLOT_LABELS = ["model", "alias", "difficulty"]
VERSION_LABELS = ["model", "alias", "version"]


def _tickers() -> Iterator[Metric]:
    from promotion.counters import slot_totals
    from promotion.selectors import ticker_snapshot

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
        since_swap.add_metric([family, PRODUCTION], snapshot.production_since_swap.games)
        since_swap.add_metric([family, B], snapshot.b_since_swap.games)
        cycles.add_metric([family], snapshot.cycles_since_swap)
    yield since_swap
    yield cycles


def _slot_counters() -> Iterator[Metric]:
    """The promotion cycle's own inputs. Never reset, so unlike the process counters of the same
    meaning (rps_model_games_by_alias_total) they hold the whole history and are equal on every
    replica: aggregate them with max(), never sum(), across web instances."""
    from promotion.models import SlotCounter

    games = CounterMetricFamily(
        "rps_model_slot_games", "Finished games per slot, from the database.", labels=SLOT_LABELS
    )
    wins = CounterMetricFamily(
        "rps_model_slot_bot_wins", "Games the bot won per slot, from the database.",
        labels=SLOT_LABELS,
    )  # fmt: skip
    losses = CounterMetricFamily(
        "rps_model_slot_losses", "Games the player won per slot, from the database.",
        labels=SLOT_LABELS,
    )  # fmt: skip
    rows = SlotCounter.objects.values_list("family", "slot", "difficulty", "games", "bot_wins",
                                           "losses")  # fmt: skip
    for family, slot, difficulty, played, won, lost in rows:
        games.add_metric([family, slot, difficulty], played)
        wins.add_metric([family, slot, difficulty], won)
        losses.add_metric([family, slot, difficulty], lost)
    yield games
    yield wins
    yield losses


def _ages() -> Iterator[Metric]:
    from training.models import AliasAssignment, ModelVersion

    age = GaugeMetricFamily(
        "rps_model_age_seconds",
        "Seconds since the version at each alias was registered.",
        labels=VERSION_LABELS,
    )
    now = timezone.now()
    for assignment in AliasAssignment.objects.select_related("version"):
        age.add_metric(
            [assignment.family, assignment.alias, str(assignment.version.version)],
            (now - assignment.version.created_at).total_seconds(),
        )
    yield age
    trained = GaugeMetricFamily(
        "rps_model_last_trained_timestamp_seconds",
        "When the family's newest version was registered, whatever its gates said (Unix time).",
        labels=["model"],
    )
    newest = ModelVersion.objects.values("family").annotate(at=Max("created_at"))
    for row in newest:
        trained.add_metric([row["family"]], row["at"].timestamp())
    yield trained


def _accuracy() -> Iterator[Metric]:
    """Challenger accuracy per version while it held an alias. The two counts only grow (scoring
    adds to them), so rate() over them gives the recent accuracy; archived versions drop out."""
    from training.models import ChallengerAccuracy, Stage

    accuracy = GaugeMetricFamily(
        "rps_model_prediction_accuracy",
        "Share of scored rounds whose move the version predicted (argmax), while at the alias.",
        labels=VERSION_LABELS,
    )
    rounds = CounterMetricFamily(
        "rps_model_accuracy_rounds", "Rounds the version was scored on at the alias.",
        labels=VERSION_LABELS,
    )  # fmt: skip
    correct = CounterMetricFamily(
        "rps_model_accuracy_correct", "Scored rounds the version predicted right at the alias.",
        labels=VERSION_LABELS,
    )  # fmt: skip
    rows = ChallengerAccuracy.objects.exclude(version__stage=Stage.ARCHIVED).values_list(
        "family", "alias", "version__version", "rounds", "correct"
    )
    for family, alias, version, scored, right in rows:
        labels = [family, alias, str(version)]
        rounds.add_metric(labels, scored)
        correct.add_metric(labels, right)
        if scored:
            accuracy.add_metric(labels, right / scored)
    yield accuracy
    yield rounds
    yield correct


def _last_promotion() -> Iterator[Metric]:
    from promotion.models import PromotionEvent

    last = GaugeMetricFamily(
        "rps_model_promotion_last_event_timestamp_seconds",
        "When the family's latest promotion event was recorded, by decision (Unix time).",
        labels=["model", "decision"],
    )
    rows = PromotionEvent.objects.values("family", "decision").annotate(at=Max("created_at"))
    for row in rows:
        last.add_metric([row["family"], row["decision"]], row["at"].timestamp())
    yield last
    mismatch = GaugeMetricFamily(
        "rps_model_promotion_srm_mismatch",
        "1 while the family's latest promotion event found a sample ratio mismatch, else 0.",
        labels=["model"],
    )
    for family in FAMILIES:
        flagged = (
            PromotionEvent.objects.filter(family=family)
            .order_by("-created_at", "-pk")
            .values_list("srm_mismatch", flat=True)
            .first()
        )
        mismatch.add_metric([family], float(bool(flagged)))
    yield mismatch


class DatabaseCollector:
    def collect(self) -> Iterator[Metric]:
        yield from _tickers()
        yield from _slot_counters()
        yield from _ages()
        yield from _accuracy()
        yield from _last_promotion()


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
