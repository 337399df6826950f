"""Training one family, in the three steps of the spec, then gating the result.

1. Chronological 60/20/20 split by game: fit on the oldest 60%, stop early on the next 20%,
   and measure on the newest 20% — does the model generalise forward in time?
2. 80/20 split by game (no game on both sides): fit the candidate with early stopping. This is
   the model that is registered.
3. 3-fold cross-validation grouped by game over step 1's training part: is it stable?

The run is logged to MLflow (params, metrics, sample counts, the artifact) and registered as a
new version with its SHA-256; our mirror records it as ``development``. ``version_gate`` then
runs the gates: a version that passes enters the challenger pool at shadow2 (training never
moves Production); one that fails is ``rejected`` and never holds an alias.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings

from core.vocabulary import SHADOW2
from games.engine.features import FEATURE_CONTRACT_VERSION, FEATURE_NAMES
from training.learning import gates
from training.learning.dataset import Dataset, dataset_build
from training.learning.families import default_params
from training.learning.families.adaptive import AdaptiveModel, game_probabilities
from training.learning.families.base import N_CLASSES
from training.learning.splits import chronological_split, group_split, grouped_folds
from training.models import AliasChangeReason, ModelVersion, Stage
from training.registry import services
from training.registry import store as registry
from training.registry.checksum import artifact_sha256
from training.serving.predictors import ModelPredictor

logger = logging.getLogger("rpsweb.training")

SHARES_AT = FEATURE_NAMES.index("player_share_rock")
Progress = Callable[[str], None]


class NotEnoughData(ValueError):
    pass


@dataclass(frozen=True)
class TrainedCandidate:
    family: str
    model: AdaptiveModel
    params: dict[str, Any]
    seed: int
    metrics: dict[str, float]
    counts: dict[str, int]
    holdout_X: np.ndarray
    holdout_y: np.ndarray
    holdout_game_id: np.ndarray


def accuracy(probabilities: np.ndarray, y: np.ndarray) -> float:
    return float((probabilities.argmax(axis=1) == y).mean()) if len(y) else 0.0


def frequency_baseline_accuracy(X: np.ndarray, y: np.ndarray) -> float:
    """The frequency predictor's hit rate: the player's most common move so far (ties in MOVES
    order), read from the move-share features."""
    if not len(y):
        return 0.0
    return float((X[:, SHARES_AT : SHARES_AT + 3].argmax(axis=1) == y).mean())


def _fit(
    family: str, params: dict, seed: int, data: Dataset, train: np.ndarray, val: np.ndarray
) -> tuple[AdaptiveModel, dict]:
    groups = data.groups
    return AdaptiveModel.fit(
        family=family,
        X_train=data.X[train], y_train=data.y[train], group_train=groups[train],
        X_val=data.X[val], y_val=data.y[val], group_val=groups[val],
        params=params, seed=seed,
    )  # fmt: skip


def _in_game(model: AdaptiveModel, data: Dataset, rows: np.ndarray) -> np.ndarray:
    """The model's predictions of these rows as served: each from its game's earlier rows."""
    return game_probabilities(model, data.X[rows], data.y[rows], data.game_id[rows])


def _fittable(labels: np.ndarray) -> bool:
    """Whether a family can be fitted on these labels: every move must occur (see
    training.learning.families.base.check_training_data)."""
    return np.unique(labels).size == N_CLASSES


def _require_every_move(data: Dataset, rows: np.ndarray, part: str) -> None:
    if not _fittable(data.y[rows]):
        raise NotEnoughData(f"{part} lacks one of the three moves: too little variety to train on")


def _early_stopping_split(
    game_id: np.ndarray, rows: np.ndarray, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Split the games of ``rows`` into training and early-stopping validation games (about
    15%), never leaving the validation side empty: with few games, the hash may pick none."""
    train, val = group_split(game_id, test_fraction=0.15, seed=seed + 1)
    train, val = rows & train, rows & val
    if not val.any():
        last_game = game_id[rows].max()
        val = rows & (game_id == last_game)
        train = rows & ~val
    return train, val


def train_candidate(
    *,
    family: str,
    data: Dataset,
    params: dict[str, Any] | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
    cross_validate: bool = True,
) -> TrainedCandidate:
    """Steps 1 and 2 give the hold-out metrics and the candidate; step 3's cross-validation is
    a stability diagnostic that no gate reads, so a caller in a hurry (the first version of a
    new installation) may skip it."""
    say = progress or (lambda message: None)
    params = params if params is not None else default_params(family)
    seed = settings.TRAINING_SEED if seed is None else seed
    if len(data) < 30 or data.games < 10:
        raise NotEnoughData(f"{len(data)} rows from {data.games} games are too few to train on")
    started = time.perf_counter()

    say(f"{family}: step 1/3, chronological 60/20/20 hold-out")
    train1, val1, hold1 = chronological_split(data.game_rank)
    _require_every_move(data, train1, "the oldest 60% of games")
    model1, _ = _fit(family, params, seed, data, train1, val1)
    p_hold = _in_game(model1, data, hold1)
    metrics: dict[str, float] = {
        "holdout_accuracy": accuracy(p_hold, data.y[hold1]),
        "holdout_log_loss": float(
            -np.mean(np.log(np.clip(p_hold[np.arange(hold1.sum()), data.y[hold1]], 1e-15, 1)))
        ),
        "baseline_accuracy": frequency_baseline_accuracy(data.X[hold1], data.y[hold1]),
    }

    say(f"{family}: step 2/3, candidate on an 80/20 split by game")
    train2, val2 = group_split(data.game_id, test_fraction=0.2, seed=seed)
    _require_every_move(data, train2, "the training side of the split by game")
    model, fit_info = _fit(family, params, seed, data, train2, val2)
    metrics["validation_accuracy"] = accuracy(_in_game(model, data, val2), data.y[val2])
    for key in ("best_val_loss", "best_iteration", "best_epoch", "iterations", "epochs"):
        if isinstance(fit_info.get(key), int | float):
            metrics[f"fit_{key}"] = float(fit_info[key])

    part = data.subset(train1)
    scores = []
    folds = grouped_folds(part.game_id, k=3, seed=seed) if cross_validate else []
    if cross_validate:
        say(f"{family}: step 3/3, 3-fold cross-validation grouped by game")
    for fold in folds:
        inner_train, inner_val = _early_stopping_split(part.game_id, ~fold, seed)
        if not _fittable(part.y[inner_train]) or not inner_val.any() or not fold.any():
            # With a few games a fold can be left with one player's moves: it says nothing about
            # stability, and the candidate itself (step 2) was fitted, so the fold is dropped.
            continue
        fold_model, _ = _fit(family, params, seed, part, inner_train, inner_val)
        scores.append(accuracy(_in_game(fold_model, part, fold), part.y[fold]))
    metrics["cv_folds"] = float(len(scores))
    if scores:
        metrics["cv_accuracy_mean"] = float(np.mean(scores))
        metrics["cv_accuracy_std"] = float(np.std(scores))
    metrics["training_seconds"] = time.perf_counter() - started

    counts = {
        **data.counts(),
        "step1_train_rows": int(train1.sum()),
        "step1_validation_rows": int(val1.sum()),
        "step1_holdout_rows": int(hold1.sum()),
        "step2_train_rows": int(train2.sum()),
        "step2_validation_rows": int(val2.sum()),
    }
    return TrainedCandidate(
        family=family,
        model=model,
        params=params,
        seed=seed,
        metrics=metrics,
        counts=counts,
        holdout_X=data.X[hold1],
        holdout_y=data.y[hold1],
        holdout_game_id=data.game_id[hold1],
    )


def candidate_register(candidate: TrainedCandidate) -> ModelVersion:
    """Log the run and its artifact to MLflow, register a version, record it in the mirror.
    A crash anywhere here leaves at most a registered version with no alias and no gates."""
    with tempfile.TemporaryDirectory(prefix="rpsweb-model-") as scratch:
        folder = Path(scratch) / "model"
        candidate.model.save(folder)
        sha256 = artifact_sha256(folder)
        params = {**candidate.params, "seed": candidate.seed}
        run_id, source = registry.log_run(
            family=candidate.family,
            params={**params, "feature_contract_version": FEATURE_CONTRACT_VERSION},
            metrics={
                **candidate.metrics,
                **{f"samples_{k}": v for k, v in candidate.counts.items()},
            },
            tags={"sha256": sha256, "feature_contract_version": FEATURE_CONTRACT_VERSION},
            artifact_dir=folder,
        )
    number = registry.register_version(
        family=candidate.family, run_id=run_id, source=source, sha256=sha256
    )
    return services.version_record(
        family=candidate.family,
        version=number,
        run_id=run_id,
        source_uri=source,
        sha256=sha256,
        feature_contract_version=FEATURE_CONTRACT_VERSION,
        config=params,
        metrics=candidate.metrics,
        sample_counts=candidate.counts,
    )


def gate_thresholds() -> gates.GateThresholds:
    """The gates' thresholds as this installation sets them."""
    return gates.GateThresholds(
        min_samples=settings.GATE_MIN_SAMPLES,
        gauntlet_min_mean_win_rate=settings.GAUNTLET_MIN_MEAN_WIN_RATE,
        gauntlet_min_win_rate=settings.GAUNTLET_MIN_WIN_RATE,
        gauntlet_random_margin=settings.GAUNTLET_RANDOM_MARGIN,
        backtest_max_rows=settings.BACKTEST_MAX_ROWS,
        backtest_margin=settings.BACKTEST_MARGIN,
        target_points=settings.TARGET_POINTS,
    )


def gates_evaluate(candidate: TrainedCandidate, version: str = "candidate") -> gates.GateReport:
    from training.serving import ModelUnavailable, load_model

    try:
        production = load_model(family=candidate.family).model
    except ModelUnavailable:
        production = None
    predictor = ModelPredictor(candidate.model, family=candidate.family, version=version)
    thresholds = gate_thresholds()
    results = {
        "min_samples": gates.min_samples_gate(candidate.counts["rows"], thresholds=thresholds),
        "holdout_vs_baseline": gates.holdout_gate(
            candidate.metrics["holdout_accuracy"], candidate.metrics["baseline_accuracy"]
        ),
        "gauntlet": gates.gauntlet(
            predictor,
            games_per_opponent=settings.GAUNTLET_GAMES_PER_OPPONENT,
            thresholds=thresholds,
        ),
        "backtest": gates.backtest(
            candidate.model,
            production,
            candidate.holdout_X,
            candidate.holdout_y,
            candidate.holdout_game_id,
            thresholds=thresholds,
        ),
    }
    return gates.GateReport(all(r["passed"] for r in results.values()), results)


def version_gate(
    *, candidate: TrainedCandidate, version: ModelVersion, actor: str, enter_pool: bool = True
) -> ModelVersion:
    report = gates_evaluate(candidate, str(version.version))
    services.version_gates_record(version=version, results=report.results, passed=report.passed)
    if not report.passed:
        failed = [name for name, r in report.results.items() if not r["passed"]]
        return services.version_stage_set(
            version=version, stage=Stage.REJECTED, reason=f"failed gates: {', '.join(failed)}"
        )
    if enter_pool:
        services.aliases_move(
            family=version.family,
            moves={SHADOW2: version},
            reason=AliasChangeReason.GATE_ENTRY,
            actor=actor,
            note="passed the gates; enters the challenger pool at shadow2",
        )
        version.refresh_from_db()
    return version


def training_run(
    *,
    family: str,
    params: dict[str, Any] | None = None,
    seed: int | None = None,
    data: Dataset | None = None,
    actor: str = "system:training",
    enter_pool: bool = True,
    progress: Progress | None = None,
) -> ModelVersion:
    """Train, register and gate one version of ``family``."""
    say = progress or (lambda message: None)
    if data is None:
        say(f"{family}: building the data set")
        data = dataset_build()
    candidate = train_candidate(family=family, data=data, params=params, seed=seed, progress=say)
    say(f"{family}: registering ({candidate.metrics['holdout_accuracy']:.3f} hold-out accuracy)")
    version = candidate_register(candidate)
    say(f"{family}: gating v{version.version}")
    version = version_gate(candidate=candidate, version=version, actor=actor, enter_pool=enter_pool)
    logger.info(
        "training finished",
        extra={
            "family": family,
            "version": version.version,
            "stage": version.stage,
            "gates_passed": version.gates_passed,
            **candidate.metrics,
        },
    )
    return version
