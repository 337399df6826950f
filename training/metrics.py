"""Serving metrics: fallbacks, inference latency and model status, per family ("model")."""

from __future__ import annotations

import os

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
# Whether a process could load a model is a fact about that process's cache, not about the
# database, so this stays a process gauge. With several processes, "livemax" makes a status 1
# while at least one live process is in it: a worker stuck on a bad artifact shows as `error`
# even when another loaded the family fine ("livemostrecent" would hide it behind the latest
# writer). Dead processes drop out (gunicorn's child_exit, Celery's worker_process_shutdown).
MODEL_STATUS = Gauge(
    "rps_model_status",
    "1 for a serving status some live process is in for the model (the last it saw), else 0.",
    ["model", "status"],
    multiprocess_mode="livemax",
)
MODEL_LOADS = Counter(
    "rps_model_loads_total", "Model versions loaded into a serving process.", ["model", "outcome"]
)


# The status each (process, family) last wrote. A cache hit reports "ok" on every round, and
# this keeps that from being four gauge writes a round; the pid is part of the key because a
# forked child inherits the dict but writes files of its own.
_written: dict[tuple[int, str], str] = {}


def status_set(family: str, status: str) -> None:
    key = (os.getpid(), family)
    if _written.get(key) == status:
        return
    for candidate in MODEL_STATUSES:
        MODEL_STATUS.labels(model=family, status=candidate).set(1 if candidate == status else 0)
    _written[key] = status
