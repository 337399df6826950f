"""Celery tasks of the training room: thin wrappers that call one service each.

Each returns a small JSON summary (it shows in the worker's log and in Flower)."""

from __future__ import annotations

import uuid

from celery import Task, shared_task

from core.vocabulary import FAMILIES
from training.lifecycle import accuracy, bootstrap
from training.lifecycle import scheduled as lifecycle
from training.registry.store import RegistryUnavailable


@shared_task(
    name="training.train_family",
    bind=True,
    # The registry being down is passing trouble: try again later. The lease was released on
    # the way out, and nothing half-registered can hold an alias.
    autoretry_for=(RegistryUnavailable,),
    retry_backoff=60,
    retry_backoff_max=900,
    max_retries=3,
)
def train_family(self: Task, family: str) -> dict[str, object]:
    owner = lifecycle.lease_owner(f"task-{self.request.id or uuid.uuid4().hex}")
    return lifecycle.family_train(family=family, owner=owner)


@shared_task(name="training.bootstrap_challengers")
def bootstrap_challengers(family: str) -> dict[str, object]:
    outcome = bootstrap.bootstrap_challengers(family=family)
    return {"family": family, "status": outcome.status, "message": outcome.message}


@shared_task(name="training.train_all")
def train_all() -> dict[str, object]:
    """One task per family, so that several workers train families side by side; each
    family's lease keeps its runs one at a time."""
    for family in FAMILIES:
        train_family.delay(family)
    return {"queued": list(FAMILIES)}


@shared_task(name="training.archive_stale")
def archive_stale() -> dict[str, object]:
    archived = lifecycle.versions_archive_stale()
    return {"archived": [version.label for version in archived]}


@shared_task(name="training.challenger_accuracy")
def challenger_accuracy() -> dict[str, object]:
    runs = accuracy.challenger_accuracy_update_all()
    return {family: run.as_dict() for family, run in runs.items()}
