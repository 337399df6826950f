"""A private MLflow store per test and small registered models to serve."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest

from training import registry, services, serving
from training.checksum import artifact_sha256
from training.families import ModelFamily, default_params, family_class
from training.models import ModelVersion


@pytest.fixture(autouse=True)
def private_mlflow(settings, tmp_path):
    settings.MLFLOW_TRACKING_URI = f"sqlite:///{tmp_path / 'mlflow' / 'mlflow.db'}"
    settings.MLFLOW_ARTIFACT_ROOT = str(tmp_path / "mlflow" / "artifacts")
    settings.MODEL_CACHE_DIR = str(tmp_path / "model-cache")
    settings.SERVING_GENERATION_CHECK_SECONDS = 0.0
    serving.cache_clear()
    yield tmp_path
    serving.cache_clear()


def tiny_model(family: str = "mnlogit", *, seed: int = 0, flip: int = 0) -> ModelFamily:
    """A model fitted on synthetic rows in which the label follows feature 0..2's argmax;
    ``flip`` shifts the labels, so flip=1 learns to predict the move after the right one."""
    rng = np.random.default_rng(seed)
    X = rng.random((600, 50))
    y = (X[:, :3].argmax(axis=1) + flip) % 3
    model = family_class(family)()
    model.fit(X[:500], y[:500], X[500:], y[500:], params=default_params(family), seed=seed)
    return model


def register(model: ModelFamily, *, family: str = "mnlogit", gates_passed: bool = True):
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "model"
        model.save(folder)
        sha256 = artifact_sha256(folder)
        run_id, source = registry.log_run(
            family=family, params={}, metrics={}, tags={}, artifact_dir=folder
        )
    number = registry.register_version(family=family, run_id=run_id, source=source, sha256=sha256)
    version = services.version_record(
        family=family,
        version=number,
        run_id=run_id,
        source_uri=source,
        sha256=sha256,
        feature_contract_version="1",
        config={},
        metrics={},
        sample_counts={},
    )
    return services.version_gates_record(
        version=version, results={"test": {"passed": gates_passed}}, passed=gates_passed
    )


@pytest.fixture
def registered_version():
    def make(family: str = "mnlogit", *, seed: int = 0, gates_passed: bool = True) -> ModelVersion:
        return register(tiny_model(family, seed=seed), family=family, gates_passed=gates_passed)

    return make
