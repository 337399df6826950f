"""Prometheus for Celery workers: an opt-in /metrics endpoint in the main worker process.

Tasks run in pool children (prefork), so their counters only reach the main process through
PROMETHEUS_MULTIPROC_DIR, one file per child, summed at scrape time exactly as for gunicorn. Set
CELERY_METRICS_PORT to serve them; with a prefork pool also give the worker a folder of its own
(never the web's, never another worker's). The endpoint serves process metrics only: the
database-backed ones come from the web's /metrics, so Prometheus never counts a row twice.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from prometheus_client import multiprocess, start_http_server

logger = logging.getLogger("rpsweb.metrics")


def folder_prepare(folder: Path, *, keep_pid: int) -> list[str]:
    """Remove the files earlier processes left in the multiprocess folder (their counts would be
    added again), keeping this process's own; returns the names removed."""
    folder.mkdir(parents=True, exist_ok=True)
    removed = []
    for path in folder.glob("*.db"):
        if path.stem.rsplit("_", 1)[-1] != str(keep_pid):
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed


def server_start(*, port: int, address: str) -> Any:
    """Serve this process's metrics (every child's, in multiprocess mode) on a daemon thread."""
    from rpsweb.metrics import process_registry

    server, _thread = start_http_server(port, addr=address, registry=process_registry())
    logger.info("worker metrics served", extra={"address": address, "port": port})
    return server


def on_worker_init(**_: Any) -> None:
    # In the main process, before the pool forks its children: nothing has counted yet.
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        folder_prepare(Path(folder), keep_pid=os.getpid())


def on_worker_ready(**_: Any) -> None:
    from django.conf import settings

    port = settings.WORKER_METRICS_PORT
    if not port:
        return
    try:
        server_start(port=port, address=settings.WORKER_METRICS_ADDRESS)
    except OSError:
        # Tasks matter more than their metrics: say so loudly, keep working.
        logger.exception("worker metrics could not be served", extra={"port": port})


def on_process_shutdown(pid: int | None = None, **_: Any) -> None:
    # A pool child leaving: its live gauges (rps_model_status) must stop counting.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(pid or os.getpid())


def connect() -> None:
    from celery.signals import worker_init, worker_process_shutdown, worker_ready

    worker_init.connect(on_worker_init, weak=False)
    worker_ready.connect(on_worker_ready, weak=False)
    worker_process_shutdown.connect(on_process_shutdown, weak=False)
