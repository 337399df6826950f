"""gunicorn settings shared by `make up`, docker-compose and the benchmarks.

With several workers, Prometheus metrics live in PROMETHEUS_MULTIPROC_DIR (one file per worker)
and /metrics sums them. The folder must be empty when the server starts, and a dead worker's
live gauges must be dropped, or the numbers drift.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from prometheus_client import multiprocess

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
# What a worker logs once it serves (see post_worker_init).
WORKER_READY = "worker ready"
# The control socket has one default path per user, so a second server on the machine (tests,
# benchmarks, make up) would fight over it; we manage processes with signals instead.
control_socket_disable = True


def on_starting(server: Any) -> None:
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        Path(folder).mkdir(parents=True, exist_ok=True)


def post_worker_init(worker: Any) -> None:
    # The application is loaded here, so Django is set up: load the served models now, not
    # inside the first play's transaction (a torch import alone costs about two seconds).
    from django.conf import settings

    models = 0
    if settings.SERVING_PRELOAD:
        from training import serving

        models = sum(len(versions) for versions in serving.preload_all().values())
    # The worker accepts connections from here on. Said in the log, so that whoever starts the
    # server can wait for every worker (the play benchmark does: a worker still loading would
    # leave all the first connections to the others).
    worker.log.info("%s %s: %d models preloaded", WORKER_READY, worker.pid, models)


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
