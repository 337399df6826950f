"""Registered model versions for tests, built cheaply, in a private MLflow store per test.

Each test gets its own MLflow store (a copy of one empty, already-migrated SQLite file, so it
costs milliseconds): the database is rolled back after every test, and a store shared across
tests would keep versions and aliases the mirror no longer knows, which is exactly the drift
``registry sync`` repairs. One tiny model per family is fitted once per session; every version
registered is a new MLflow run and registry version of that model, recorded in the mirror and
gated as asked. Other test directories can use the fixtures by importing them into their own
conftest::

    from tests.registry.conftest import mlflow_store, registered_version, tiny_models  # noqa: F401
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.management import call_command

from games.engine.features import FEATURE_CONTRACT_VERSION, FEATURE_COUNT
from training.learning.families import default_params, family_class
from training.models import AliasChangeReason, ModelVersion, Stage
from training.registry import services
from training.registry import store as registry
from training.registry.checksum import artifact_sha256

# Enough for the small families to learn something, few enough to fit in well under a second.
TINY_ROWS = 400
TINY_HOLDOUT = 100
TINY_PARAMS: dict[str, dict[str, Any]] = {
    "feedforward": {"hidden_sizes": [16], "max_epochs": 10, "patience": 2, "batch_size": 64},
    "xgboost": {"num_boost_round": 30, "early_stopping_rounds": 5, "max_depth": 3},
    "mnlogit": {},
}


@dataclass(frozen=True)
class TinyModel:
    family: str
    folder: Path
    sha256: str
    params: dict[str, Any]
    metrics: dict[str, float]
    sample_counts: dict[str, int]


def fit_tiny_model(family: str, folder: Path, *, seed: int = 0) -> TinyModel:
    """Fit on synthetic rows whose label is the argmax of features 0-2 (all three labels
    occur), save the model to ``folder`` and measure it on held-out rows."""
    rng = np.random.default_rng(seed)
    X = rng.random((TINY_ROWS, FEATURE_COUNT))
    y = X[:, :3].argmax(axis=1)
    fit_rows = TINY_ROWS - TINY_HOLDOUT
    params = {**default_params(family), **TINY_PARAMS.get(family, {})}
    model = family_class(family)()
    model.fit(X[:fit_rows], y[:fit_rows], X[fit_rows:], y[fit_rows:], params=params, seed=seed)
    model.save(folder)
    p_hold = model.predict_proba(X[fit_rows:])
    return TinyModel(
        family=family,
        folder=folder,
        sha256=artifact_sha256(folder),
        params={**params, "seed": seed},
        metrics={
            "holdout_accuracy": float((p_hold.argmax(axis=1) == y[fit_rows:]).mean()),
            "baseline_accuracy": float(np.bincount(y[fit_rows:]).max() / TINY_HOLDOUT),
        },
        sample_counts={"rows": TINY_ROWS, "games": TINY_ROWS // 25},
    )


def gate_results(model: TinyModel, *, passed: bool) -> dict[str, Any]:
    """Results shaped like the real gates' (training.learning.gates), with the verdict asked for."""
    return {
        "min_samples": {"passed": True, "rows": TINY_ROWS, "threshold": TINY_ROWS},
        "holdout_vs_baseline": {
            "passed": passed,
            "accuracy": model.metrics["holdout_accuracy"],
            "baseline": model.metrics["baseline_accuracy"],
        },
    }


def register_tiny_version(
    model: TinyModel,
    *,
    gates_passed: bool | None = True,
    aliases: Sequence[str] = (),
    metrics: dict[str, float] | None = None,
) -> ModelVersion:
    """Log, register and record ``model`` as a new version, as the training pipeline does.

    ``gates_passed``: True marks the gates passed, False failed (and the version rejected, as
    the pipeline does), None leaves it ungated. ``aliases`` are then pointed at it."""
    family = model.family
    metrics = {**model.metrics, **(metrics or {})}
    tags = {"sha256": model.sha256, "feature_contract_version": FEATURE_CONTRACT_VERSION}
    run_id, source = registry.log_run(
        family=family, params=model.params, metrics=metrics, tags=tags, artifact_dir=model.folder
    )
    number = registry.register_version(
        family=family, run_id=run_id, source=source, sha256=model.sha256
    )
    version = services.version_record(
        family=family,
        version=number,
        run_id=run_id,
        source_uri=source,
        sha256=model.sha256,
        feature_contract_version=FEATURE_CONTRACT_VERSION,
        config=model.params,
        metrics=metrics,
        sample_counts=model.sample_counts,
    )
    if gates_passed is not None:
        services.version_gates_record(
            version=version, results=gate_results(model, passed=gates_passed), passed=gates_passed
        )
    if gates_passed is False:
        services.version_stage_set(
            version=version, stage=Stage.REJECTED, reason="failed gates: holdout_vs_baseline"
        )
    if aliases:
        services.aliases_move(
            family=family,
            moves=dict.fromkeys(aliases, version),
            reason=AliasChangeReason.BOOTSTRAP,
            actor="system:tests",
        )
        version.refresh_from_db()
    return version


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], TinyModel]:
    """family -> its tiny model, fitted the first time it is asked for."""
    fitted: dict[str, TinyModel] = {}

    def get(family: str) -> TinyModel:
        if family not in fitted:
            folder = tmp_path_factory.mktemp(f"tiny-{family}") / "model"
            fitted[family] = fit_tiny_model(family, folder)
        return fitted[family]

    return get


@pytest.fixture(scope="session")
def empty_mlflow_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mlflow import MlflowClient

    path = tmp_path_factory.mktemp("mlflow-template") / "mlflow.db"
    uri = f"sqlite:///{path}"
    mlflow_client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    # The first calls create and migrate both stores' tables, the slow part of a new store.
    mlflow_client.search_experiments()
    mlflow_client.search_registered_models()
    return path


@pytest.fixture
def mlflow_store(settings: Any, tmp_path: Path, empty_mlflow_db: Path) -> Iterator[Path]:
    """A private MLflow store (tracking, registry and artifacts) and model cache for one test."""
    root = tmp_path / "mlflow"
    root.mkdir()
    shutil.copyfile(empty_mlflow_db, root / "mlflow.db")
    settings.MLFLOW_TRACKING_URI = f"sqlite:///{root / 'mlflow.db'}"
    settings.MLFLOW_ARTIFACT_ROOT = str(root / "artifacts")
    settings.MODEL_CACHE_DIR = str(tmp_path / "model-cache")
    yield root


@pytest.fixture
def registered_version(
    db: None, mlflow_store: Path, tiny_models: Callable[[str], TinyModel]
) -> Callable[..., ModelVersion]:
    """``registered_version(family="mnlogit", gates_passed=True, aliases=(), metrics=None)``:
    a new registered, recorded (and by default gated) version; see register_tiny_version."""

    def make(
        family: str = "mnlogit",
        *,
        gates_passed: bool | None = True,
        aliases: Sequence[str] = (),
        metrics: dict[str, float] | None = None,
    ) -> ModelVersion:
        return register_tiny_version(
            tiny_models(family), gates_passed=gates_passed, aliases=aliases, metrics=metrics
        )

    return make


@pytest.fixture(autouse=True)
def _registry_tests_use_a_private_store(mlflow_store: Path) -> None:
    """No test here may reach the developer's MLflow store under var/."""


@pytest.fixture
def registry_cli() -> Callable[..., str]:
    """Run ``manage.py registry ARGS`` and return what it printed."""

    def run(*args: str) -> str:
        out = StringIO()
        call_command("registry", *args, stdout=out, stderr=StringIO())
        return out.getvalue()

    return run
