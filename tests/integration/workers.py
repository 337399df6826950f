"""A real Celery worker (``celery.contrib.testing``) in a thread of the test process, on a queue
of its own: a worker already running on this machine (``make up`` shares the broker) cannot take
the test's tasks, and this worker takes nothing else. Tasks travel through the configured broker
(Redis with REDIS_URL, the embedded filesystem broker otherwise)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from rpsweb.celery import app


def _close_worker_connections(**_: object) -> None:
    # The worker thread opens its own connections; close them so none outlives the test.
    connections.close_all()


@contextmanager
def real_worker(queue: str) -> Iterator[str]:
    with app.connection_for_write() as connection:
        # Whatever an interrupted earlier run left in the queue must not count as this run's.
        app.amqp.queues[queue](connection.default_channel).declare()
        connection.default_channel.queue_purge(queue)
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False  # whatever the environment says: a real round trip
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with start_worker(
            app,
            pool="solo",
            concurrency=1,
            perform_ping_check=False,
            loglevel="WARNING",
            queues=[queue],
            shutdown_timeout=30,
        ):
            yield queue
    finally:
        task_postrun.disconnect(_close_worker_connections)
        app.conf.task_always_eager = eager
