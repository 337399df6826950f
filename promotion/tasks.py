"""Celery tasks of the promotion room: thin wrappers around ``promotion.services.cycle_run``.

Each returns the one-line summaries (they show in the worker's log and in Flower)."""

from __future__ import annotations

from celery import shared_task

from core.vocabulary import FAMILIES
from promotion.models import Source
from promotion.services import cycle_run


@shared_task(name="promotion.run_cycle")
def run_cycle(family: str) -> str:
    return cycle_run(family=family, source=Source.SCHEDULE).summary()


@shared_task(name="promotion.run_all_cycles")
def run_all_cycles() -> list[str]:
    # One after the other in this task: each family's cycle is short and takes its own lock.
    return [cycle_run(family=family, source=Source.SCHEDULE).summary() for family in FAMILIES]
