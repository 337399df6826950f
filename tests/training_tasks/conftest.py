"""A private MLflow store for every test here, fast gates, and versions whose predictions are
known in advance, so that accuracy counts can be checked by hand."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest

from games.engine.features import FEATURE_COUNT
from games.engine.moves import MOVE_INDEX, Move
from tests.registry.conftest import (  # noqa: F401  (fixtures, used by name)
    TinyModel,
    empty_mlflow_db,
    mlflow_store,
    register_tiny_version,
)
from training.learning.families import default_params
from training.learning.families.mnlogit import MNLogitFamily
from training.models import ModelVersion
from training.registry.checksum import artifact_sha256


@pytest.fixture(autouse=True)
def _private_store(mlflow_store: Path) -> None:  # noqa: F811 (the fixture)
    """No test here may reach the developer's MLflow store or model cache under var/."""


@pytest.fixture
def eager():
    """Tasks run in place when queued, so a test sees what each of them did: the same code a
    worker runs, without a broker to leave it in."""
    from rpsweb.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def fast_gates(settings) -> None:
    """Gates that a small simulated data set can pass, quickly."""
    settings.GATE_MIN_SAMPLES = 100
    settings.GAUNTLET_GAMES_PER_OPPONENT = 2
    settings.GAUNTLET_MIN_MEAN_WIN_RATE = 0.0
    settings.GAUNTLET_MIN_WIN_RATE = 0.0
    settings.GAUNTLET_RANDOM_MARGIN = 1.0  # two random games say nothing of random play
    settings.BACKTEST_MAX_ROWS = 200
    # Nor do 200 rows against Production: a seed that trails it there by chance would leave an
    # alias unfilled, and these tests are about the filling (seen once, on SQLite).
    settings.BACKTEST_MARGIN = 100.0


def always_predicting(move: str) -> MNLogitFamily:
    """An mnlogit model whose most likely move is ``move`` whatever the row says."""
    model = MNLogitFamily()
    model.params = {**default_params("mnlogit"), "value_tier_terms": False}
    model.mean = np.zeros(FEATURE_COUNT)
    model.scale = np.ones(FEATURE_COUNT)
    model.coef = np.zeros((3, FEATURE_COUNT))
    model.intercept = np.where(np.arange(3) == MOVE_INDEX[Move(move)], 2.0, 0.0)
    return model


@pytest.fixture
def always(tmp_path: Path) -> Callable[..., ModelVersion]:
    """``always("rock", aliases=["Production"])``: a registered, gated mnlogit version that
    always predicts rock, pointed at by ``aliases``."""

    def make(move: str, *, aliases: Sequence[str] = ()) -> ModelVersion:
        folder = tmp_path / f"always-{move}-{uuid.uuid4().hex[:6]}" / "model"
        model = always_predicting(move)
        model.save(folder)
        tiny = TinyModel(
            family="mnlogit",
            folder=folder,
            sha256=artifact_sha256(folder),
            params=model.params,
            metrics={"holdout_accuracy": 0.34, "baseline_accuracy": 0.33},
            sample_counts={"rows": 0, "games": 0},
        )
        return register_tiny_version(tiny, gates_passed=True, aliases=aliases)

    return make
