"""Serving metrics: fallbacks, inference latency and model status, per family ("model")."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

MODEL_STATUSES = ("ok", "degraded", "missing", "error")

FALLBACKS = Counter(
    "rps_model_fallback_total",
    "Predictions answered by the uniform fallback because no model could be had.",
    ["model", "reason"],
)
INFERENCE_SECONDS = Histogram(
    "rps_model_inference_seconds",
    "Time to turn one feature row into probabilities (the model call alone).",
    ["model"],
    buckets=(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
)
MODEL_STATUS = Gauge(
    "rps_model_status",
    "1 for the serving status this process last saw for the model, 0 for the others.",
    ["model", "status"],
    multiprocess_mode="livemostrecent",
)
MODEL_LOADS = Counter(
    "rps_model_loads_total", "Model versions loaded into a serving process.", ["model", "outcome"]
)


def status_set(family: str, status: str) -> None:
    for candidate in MODEL_STATUSES:
        MODEL_STATUS.labels(model=family, status=candidate).set(1 if candidate == status else 0)
