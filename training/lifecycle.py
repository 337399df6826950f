"""The life of versions around the pipeline: scheduled training under a per-family lease, the
archival policy, and the bootstrap that gives an empty installation four aliases per family.

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
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from threadpoolctl import threadpool_limits

from games.engine.bots import FAMILIES
from training import services
from training.dataset import Dataset, dataset_build
from training.families import family_class
from training.human_data import DEFAULT_GAME_ROUNDS
from training.human_import import human_sessions_import
from training.models import (
    AliasAssignment,
    AliasChangeReason,
    ModelVersion,
    Stage,
    TrainingLock,
)
from training.pipeline import (
    NotEnoughData,
    candidate_register,
    train_candidate,
    training_run,
    version_gate,
)
from training.selectors import alias_versions
from training.serving import ALIASES, PRODUCTION

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


def _one_blas_thread() -> threadpool_limits:
    """scikit-learn's BLAS (mnlogit) on one thread, like the other families' settings: its
    threads spin when the worker shares its cores (measured on 2 busy cores: 20 s per fit
    instead of 0.3 s)."""
    return threadpool_limits(limits=1, user_api="blas")


def _too_few_rows(data: Dataset) -> str:
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
            too_few = _too_few_rows(data)
            if too_few:
                return {"family": family, "skipped": too_few}
            with _one_blas_thread():
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


# --- bootstrap ---------------------------------------------------------------------------


FILLED = "filled"
SKIPPED = "skipped"
NONE_PASSED = "none_passed"


@dataclass(frozen=True)
class BootstrapOutcome:
    family: str
    status: str  # FILLED, SKIPPED or NONE_PASSED
    message: str
    filled: dict[str, int] = field(default_factory=dict)  # alias -> version number
    rejected: tuple[int, ...] = ()


@dataclass(frozen=True)
class HumanBootstrap:
    """What ``bootstrap_human_sessions_import`` did with the shipped sessions file."""

    imported: int = 0  # training sessions stored as games now
    present: int = 0  # training sessions imported by an earlier run
    held_out: int = 0  # sessions never imported: the held-out people stay out of the database
    games: int = 0
    rounds: int = 0

    def describe(self) -> str:
        return (
            f"{self.imported} training sessions imported ({self.games} games, "
            f"{self.rounds} rounds), {self.present} already there, "
            f"{self.held_out} held-out sessions left out"
        )


def bootstrap_human_sessions_import(
    *, path: Path | str, game_rounds: int = DEFAULT_GAME_ROUNDS
) -> HumanBootstrap:
    """Import the training sessions of a human-rps file, so that a new installation's data
    set passes the minimum-samples gate at every stride (scheduled training keeps one simulated
    game in TRAINING_LEGACY_GAME_STRIDE, but every person's game). Held-out sessions
    (``training.human_data.is_holdout_session``) are not imported: they stay what the people
    evaluation measures against. Safe to run again: a session whose player exists is skipped
    (``human_sessions_import``), each session in its own transaction."""
    summary = human_sessions_import(path=path, game_rounds=game_rounds, sessions="training")
    return HumanBootstrap(
        imported=summary.imported,
        present=summary.skipped,
        held_out=summary.left_out,
        games=summary.games,
        rounds=summary.rounds,
    )


def bootstrap_moves(passed: Sequence[ModelVersion]) -> dict[str, ModelVersion]:
    """The aliases for the versions that passed, best hold-out accuracy first: Production,
    then B, shadow1, shadow2 (ties keep training order)."""
    ranked = sorted(
        passed, key=lambda v: -float(v.metrics.get("holdout_accuracy", 0.0))
    )  # sorted is stable
    return dict(zip(ALIASES, ranked, strict=False))


def bootstrap_family(
    *,
    family: str,
    versions: int = 4,
    data: Dataset | None = None,
    progress: Progress | None = None,
) -> BootstrapOutcome:
    """Give a family without Production its first versions: train ``versions`` candidates with
    different seeds on the data set (every simulated game: stride 1), gate each, and assign
    Production, B, shadow1, shadow2 to those that passed in one alias move. A family that has
    Production already is left alone."""
    say = progress or (lambda message: None)
    present = alias_versions(family=family).get(PRODUCTION)
    if present is not None:
        return BootstrapOutcome(family, SKIPPED, f"skipped: Production is v{present} already")
    owner = lease_owner(f"bootstrap-{uuid.uuid4().hex[:8]}")
    moves: dict[str, ModelVersion] = {}
    rejected: list[ModelVersion] = []
    unfit: list[int] = []  # seeds that could not be trained
    try:
        with training_lease(family=family, owner=owner) as lease:
            if data is None:
                data = dataset_build(stride=1)
            too_few = _too_few_rows(data)
            if too_few:
                return BootstrapOutcome(
                    family, SKIPPED, f"skipped, {too_few} (see BOOTSTRAP_GAMES_PER_PAIR)"
                )
            passed: list[ModelVersion] = []
            for i in range(versions):
                lease.renew()
                seed = settings.TRAINING_SEED + i
                try:
                    with _one_blas_thread():
                        candidate = train_candidate(family=family, data=data, seed=seed)
                except ValueError as error:
                    # A seed whose splits the data cannot fill must not cost the others.
                    unfit.append(seed)
                    say(f"{family} (seed {seed}) could not be trained: {error}")
                    continue
                version = candidate_register(candidate)
                version = version_gate(
                    candidate=candidate, version=version, actor=BOOTSTRAP_ACTOR, enter_pool=False
                )
                (passed if version.gates_passed else rejected).append(version)
                say(_gate_line(version, seed))
            moves = bootstrap_moves(passed)
            if moves:
                services.aliases_move(
                    family=family,
                    moves=moves,
                    reason=AliasChangeReason.BOOTSTRAP,
                    actor=BOOTSTRAP_ACTOR,
                    note=f"bootstrap: {len(passed)} of {versions} versions passed the gates",
                )
    except AlreadyTraining as busy:
        return BootstrapOutcome(
            family, SKIPPED, f"skipped: a training run holds the family ({busy.holder})"
        )
    filled = {alias: version.version for alias, version in moves.items()}
    rejected_numbers = tuple(v.version for v in rejected)
    if not filled:
        status = NONE_PASSED
        message = (
            f"NO ALIAS FILLED: none of the {versions} versions passed the gates "
            f"(rejected: {', '.join(f'v{n}' for n in rejected_numbers) or 'none'}"
            f"{f'; not trained: seeds {unfit}' if unfit else ''}); games of this family "
            "use the frequency baseline until a version passes"
        )
        logger.warning("bootstrap filled no alias", extra={"family": family})
    else:
        status = FILLED
        message = "filled " + ", ".join(f"{alias}=v{n}" for alias, n in filled.items())
        if rejected_numbers:
            message += f"; rejected {', '.join(f'v{n}' for n in rejected_numbers)}"
        if unfit:
            message += f"; not trained: seeds {unfit}"
    return BootstrapOutcome(family, status, message, filled, rejected_numbers)


def bootstrap_families(
    *, versions: int = 4, progress: Progress | None = None
) -> list[BootstrapOutcome]:
    """``bootstrap_family`` for every family, building the data set at most once."""
    data: Dataset | None = None
    outcomes = []
    for family in FAMILIES:
        if data is None and PRODUCTION not in alias_versions(family=family):
            data = dataset_build(stride=1)
            if progress:
                progress(f"data set: {len(data)} rows from {data.games} games")
        outcomes.append(
            bootstrap_family(family=family, versions=versions, data=data, progress=progress)
        )
    return outcomes


def _gate_line(version: ModelVersion, seed: int) -> str:
    accuracy = float(version.metrics.get("holdout_accuracy", 0.0))
    baseline = float(version.metrics.get("baseline_accuracy", 0.0))
    verdict = (
        "passed the gates"
        if version.gates_passed
        else "rejected: "
        + ", ".join(
            name for name, result in version.gate_results.items() if not result.get("passed")
        )
    )
    return (
        f"{version.label} (seed {seed}): hold-out accuracy {accuracy:.3f} "
        f"(baseline {baseline:.3f}), {verdict}"
    )
