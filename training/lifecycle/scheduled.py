"""The life of versions around the pipeline: scheduled training under a per-family lease and
the archival policy (the bootstrap of a new installation is ``training.lifecycle.bootstrap``).

The lease (``TrainingLock``) keeps one training run per family at a time without holding a
database lock for minutes: a conditional UPDATE takes it when it is free or has run out, the run
renews it at every step, and a worker killed mid-run simply stops renewing. Its half-done work
is harmless: the pipeline registers a version before gating it, and only gated versions may
hold an alias (``services.aliases_move``), so what it leaves behind is a version in
``development`` (archived by the policy below in due course) or, if it died between MLflow and
our mirror, a registry version that ``registry sync`` marks rejected.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from threadpoolctl import threadpool_limits

from core.vocabulary import FAMILIES
from training.learning.dataset import Dataset, dataset_build
from training.learning.families import family_class
from training.learning.pipeline import (
    NotEnoughData,
    training_run,
)
from training.models import (
    AliasAssignment,
    ModelVersion,
    Stage,
    TrainingLock,
)
from training.registry import services

logger = logging.getLogger("rpsweb.training")

TRAINING_ACTOR = "system:training"
BOOTSTRAP_ACTOR = "system:bootstrap"
ALREADY_TRAINING = "already training"

Progress = Callable[[str], None]


# --- the per-family training lease -------------------------------------------------------


class AlreadyTraining(RuntimeError):
    def __init__(self, family: str, holder: str) -> None:
        super().__init__(f"{family} is already training ({holder})")
        self.holder = holder


class LeaseLost(RuntimeError):
    """Another run took the family over after this run's lease ran out."""


def lease_owner(label: str) -> str:
    """Who holds a lease, readable in admin: host, process and a label such as a task id."""
    return f"{socket.gethostname()}:{os.getpid()}:{label}"[:200]


def _lease_end(now: datetime) -> datetime:
    return now + timedelta(minutes=settings.TRAINING_LOCK_LEASE_MINUTES)


def training_lease_take(*, family: str, owner: str) -> bool:
    """Take the family's lease if it is free or has run out; True when taken."""
    TrainingLock.objects.get_or_create(family=family)
    now = timezone.now()
    # One conditional UPDATE decides between competitors, on SQLite as on PostgreSQL.
    taken = (
        TrainingLock.objects.filter(family=family)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .update(owner=owner, locked_until=_lease_end(now), acquired_at=now)
    )
    return taken == 1


def training_lease_renew(*, family: str, owner: str) -> bool:
    """Push the lease's end further; False when ``owner`` no longer holds it."""
    now = timezone.now()
    renewed = TrainingLock.objects.filter(family=family, owner=owner).update(
        locked_until=_lease_end(now)
    )
    return renewed == 1


def training_lease_release(*, family: str, owner: str) -> None:
    TrainingLock.objects.filter(family=family, owner=owner).update(owner="", locked_until=None)


@dataclass(frozen=True)
class Lease:
    family: str
    owner: str

    def renew(self) -> None:
        if not training_lease_renew(family=self.family, owner=self.owner):
            raise LeaseLost(f"{self.owner} lost the {self.family} training lease")


@contextmanager
def training_lease(*, family: str, owner: str) -> Iterator[Lease]:
    """Hold the family's training lease for the block, or raise ``AlreadyTraining``."""
    if not training_lease_take(family=family, owner=owner):
        holder = TrainingLock.objects.filter(family=family).values_list("owner", flat=True)
        raise AlreadyTraining(family, holder.first() or "unknown")
    try:
        yield Lease(family=family, owner=owner)
    finally:
        training_lease_release(family=family, owner=owner)


# --- scheduled training ------------------------------------------------------------------


def one_blas_thread() -> threadpool_limits:
    """scikit-learn's BLAS (mnlogit) on one thread, like the other families' settings: its
    threads spin when the worker shares its cores (measured on 2 busy cores: 20 s per fit
    instead of 0.3 s)."""
    return threadpool_limits(limits=1, user_api="blas")


def too_few_rows(data: Dataset) -> str:
    if len(data) >= settings.GATE_MIN_SAMPLES:
        return ""
    # Training would only register a version that the minimum-samples gate rejects.
    return f"not enough data: {len(data)} rows, the gates need {settings.GATE_MIN_SAMPLES}"


def family_train(*, family: str, owner: str) -> dict[str, object]:
    """One scheduled training run of ``family``: the current data set, the three-step pipeline,
    the gates; a version that passes enters the challenger pool at shadow2. A small summary."""
    family_class(family)  # an unknown family is an error, not a skipped run
    try:
        with training_lease(family=family, owner=owner) as lease:

            def progress(message: str) -> None:
                lease.renew()
                logger.info("training progress", extra={"family": family, "step": message})

            data = dataset_build(progress=lambda games, parts: lease.renew())
            too_few = too_few_rows(data)
            if too_few:
                return {"family": family, "skipped": too_few}
            with one_blas_thread():
                version = training_run(
                    family=family, data=data, actor=TRAINING_ACTOR, progress=progress
                )
    except AlreadyTraining as busy:
        logger.info("training skipped", extra={"family": family, "holder": busy.holder})
        return {"family": family, "skipped": ALREADY_TRAINING, "holder": busy.holder}
    except NotEnoughData as error:
        return {"family": family, "skipped": f"not enough data: {error}"}
    holds = sorted(AliasAssignment.objects.filter(version=version).values_list("alias", flat=True))
    return {
        "family": family,
        "version": version.version,
        "stage": version.stage,
        "gates_passed": bool(version.gates_passed),
        "aliases": holds,
        "holdout_accuracy": round(float(version.metrics.get("holdout_accuracy", 0.0)), 4),
        "rows": int(version.sample_counts.get("rows", 0)),
    }


# --- the archival policy -----------------------------------------------------------------


def versions_archive_stale(*, now: datetime | None = None) -> list[ModelVersion]:
    """Archive versions that hold no alias and either claim a stage that needs one (staging,
    production) or were registered and never promoted for ARCHIVE_AFTER_DAYS days. Alias
    holders are never touched: each family is handled under its alias lock, so no alias can
    move onto a version while it is being archived."""
    now = now or timezone.now()
    days = settings.ARCHIVE_AFTER_DAYS
    cutoff = now - timedelta(days=days)
    archived: list[ModelVersion] = []
    for family in FAMILIES:
        with transaction.atomic():
            services.family_lock(family=family)
            holders = AliasAssignment.objects.filter(family=family).values("version_id")
            stale = (
                ModelVersion.objects.filter(family=family)
                .exclude(pk__in=holders)
                .filter(
                    Q(stage__in=[Stage.STAGING, Stage.PRODUCTION])
                    | Q(stage=Stage.DEVELOPMENT, stage_changed_at__lt=cutoff)
                )
                .order_by("version")
            )
            for version in stale:
                reason = (
                    f"archival policy: {version.stage} but holds no alias"
                    if version.stage != Stage.DEVELOPMENT
                    else f"archival policy: not promoted for {days} days, holds no alias"
                )
                archived.append(
                    services.version_stage_set(version=version, stage=Stage.ARCHIVED, reason=reason)
                )
    if archived:
        logger.info("versions archived", extra={"versions": [v.label for v in archived]})
    return archived
