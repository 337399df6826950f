"""The training room's metrics read from the database at scrape time: the age of the version
at each alias, when each family last trained, and the challengers' observed accuracy. The
roof's /metrics (rpsweb.metrics) registers ``collect``."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Max
from django.utils import timezone
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

VERSION_LABELS = ["model", "alias", "version"]


def collect() -> Iterator[Metric]:
    yield from _ages()
    yield from _accuracy()


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
