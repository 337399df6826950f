"""The bootstrap that gives an empty installation its first versions, every alias filled.

``make up`` serves a model as soon as each family has one version that passed its gates
(``bootstrap_family(first_only=True)``): every alias holds it at first, and
``bootstrap_challengers``, queued for the worker, trains the other seeds and moves B, shadow1
and shadow2 to them. The human sessions shipped with the project are imported first, so the
data set passes the minimum-samples gate from the start.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from core.vocabulary import ALIASES, FAMILIES, PRODUCTION
from training.human.data import DEFAULT_GAME_ROUNDS
from training.human.importer import human_sessions_import
from training.learning.dataset import Dataset, dataset_build
from training.learning.pipeline import candidate_register, train_candidate, version_gate
from training.lifecycle.scheduled import (
    BOOTSTRAP_ACTOR,
    AlreadyTraining,
    Progress,
    lease_owner,
    one_blas_thread,
    too_few_rows,
    training_lease,
)
from training.models import AliasChangeReason, ModelVersion
from training.registry import services
from training.registry.selectors import alias_versions

logger = logging.getLogger("rpsweb.training")

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
    (``training.human.data.is_holdout_session``) are not imported: they stay what the people
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
    """Every alias for the versions that passed, best hold-out accuracy first: Production, then
    B, shadow1, shadow2 (ties keep training order). Aliases left over when fewer passed hold
    Production's version until challengers are trained (``bootstrap_challengers``); none when
    nothing passed."""
    ranked = sorted(
        passed, key=lambda v: -float(v.metrics.get("holdout_accuracy", 0.0))
    )  # sorted is stable
    if not ranked:
        return {}
    return {alias: ranked[i] if i < len(ranked) else ranked[0] for i, alias in enumerate(ALIASES)}


def _seed(index: int) -> int:
    return settings.TRAINING_SEED + index


def _move(family: str, moves: dict[str, ModelVersion], note: str) -> None:
    services.aliases_move(
        family=family,
        moves=moves,
        reason=AliasChangeReason.BOOTSTRAP,
        actor=BOOTSTRAP_ACTOR,
        note=note,
    )


def _passed(passed: Sequence[ModelVersion], rejected: Sequence[ModelVersion]) -> str:
    return f"{len(passed)} of {len(passed) + len(rejected)} passed the gates"


def _filled(filled: dict[str, int]) -> str:
    return "filled " + ", ".join(f"{alias}=v{n}" for alias, n in filled.items())


def _train_and_gate(
    *, family: str, seed: int, data: Dataset, cross_validate: bool, say: Progress
) -> ModelVersion | None:
    """One bootstrap version, registered and gated (not in the pool: the caller places it);
    None when the data cannot train this seed."""
    try:
        with one_blas_thread():
            candidate = train_candidate(
                family=family, data=data, seed=seed, cross_validate=cross_validate
            )
    except ValueError as error:
        # A seed whose splits the data cannot fill must not cost the others.
        say(f"{family} (seed {seed}) could not be trained: {error}")
        return None
    version = candidate_register(candidate)
    version = version_gate(
        candidate=candidate, version=version, actor=BOOTSTRAP_ACTOR, enter_pool=False
    )
    say(_gate_line(version, seed))
    return version


def bootstrap_family(
    *,
    family: str,
    versions: int = 4,
    data: Dataset | None = None,
    progress: Progress | None = None,
    first_only: bool = False,
) -> BootstrapOutcome:
    """Give a family without Production its first versions: train up to ``versions``
    candidates with different seeds on the data set (every simulated game: stride 1), gate
    each, and fill every alias from those that passed in one alias move. With ``first_only``
    it stops at the first version that passes, trained without the cross-validation
    diagnostic, so that a new installation serves a model sooner; every alias then holds it
    until ``bootstrap_challengers`` trains the others. A family that has Production already is
    left alone."""
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
            too_few = too_few_rows(data)
            if too_few:
                return BootstrapOutcome(
                    family, SKIPPED, f"skipped, {too_few} (see BOOTSTRAP_GAMES_PER_PAIR)"
                )
            passed: list[ModelVersion] = []
            for i in range(versions):
                lease.renew()
                version = _train_and_gate(
                    family=family, seed=_seed(i), data=data, cross_validate=not first_only, say=say
                )
                if version is None:
                    unfit.append(_seed(i))
                    continue
                (passed if version.gates_passed else rejected).append(version)
                if first_only and passed:
                    break
            moves = bootstrap_moves(passed)
            if moves:
                _move(family, moves, f"bootstrap: {_passed(passed, rejected)}")
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
        message = _filled(filled)
        if rejected_numbers:
            message += f"; rejected {', '.join(f'v{n}' for n in rejected_numbers)}"
        if unfit:
            message += f"; not trained: seeds {unfit}"
    return BootstrapOutcome(family, status, message, filled, rejected_numbers)


def awaits_challengers(family: str) -> bool:
    """Whether every alias of the family holds one version: a first-only bootstrap's state."""
    held = alias_versions(family=family)
    return len(held) == len(ALIASES) and len(set(held.values())) == 1


def bootstrap_challengers(
    *, family: str, versions: int = 4, progress: Progress | None = None
) -> BootstrapOutcome:
    """The rest of a first-only bootstrap: train the seeds it did not, gate them, and move B,
    shadow1 and shadow2 to those that passed, best first (Production stays). Skipped unless
    every alias still holds one version, so running it again does nothing."""
    say = progress or (lambda message: None)
    if not awaits_challengers(family):
        return BootstrapOutcome(family, SKIPPED, "skipped: the aliases hold their own versions")
    tried = {version.config.get("seed") for version in ModelVersion.objects.filter(family=family)}
    owner = lease_owner(f"challengers-{uuid.uuid4().hex[:8]}")
    passed: list[ModelVersion] = []
    rejected: list[ModelVersion] = []
    try:
        with training_lease(family=family, owner=owner) as lease:
            data = dataset_build(stride=1)
            for i in range(versions):
                if _seed(i) in tried:
                    continue
                lease.renew()
                version = _train_and_gate(
                    family=family, seed=_seed(i), data=data, cross_validate=True, say=say
                )
                if version is not None:
                    (passed if version.gates_passed else rejected).append(version)
            rejected_numbers = tuple(v.version for v in rejected)
            # Asked again: a promotion or an operator may have moved an alias meanwhile.
            if not passed or not awaits_challengers(family):
                status, why = (
                    (NONE_PASSED, "no challenger passed the gates")
                    if not passed
                    else (SKIPPED, "skipped: the aliases moved while the challengers trained")
                )
                return BootstrapOutcome(family, status, why, rejected=rejected_numbers)
            ranked = sorted(passed, key=lambda v: -float(v.metrics.get("holdout_accuracy", 0.0)))
            moves = dict(zip(ALIASES[1:], ranked, strict=False))
            _move(family, moves, f"bootstrap challengers: {_passed(passed, rejected)}")
    except AlreadyTraining as busy:
        return BootstrapOutcome(
            family, SKIPPED, f"skipped: a training run holds the family ({busy.holder})"
        )
    filled = {alias: version.version for alias, version in moves.items()}
    return BootstrapOutcome(family, FILLED, _filled(filled), filled, rejected_numbers)


def bootstrap_families(
    *, versions: int = 4, first_only: bool = False, progress: Progress | None = None
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
            bootstrap_family(
                family=family,
                versions=versions,
                data=data,
                progress=progress,
                first_only=first_only,
            )
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
