from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command

from training.human.data import evaluate_games, games_from_file
from training.learning.families import family_class
from training.learning.pipeline import TrainedCandidate, candidate_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_registry(settings, tmp_path: Path) -> None:
    settings.MLFLOW_TRACKING_URI = f"sqlite:///{tmp_path / 'mlflow.db'}"
    settings.MLFLOW_ARTIFACT_ROOT = str(tmp_path / "artifacts")
    settings.MODEL_CACHE_DIR = str(tmp_path / "model-cache")


def test_a_registered_version_is_loaded_through_serving(
    local_registry: None, sessions_csv: Path, mnlogit_dir: Path
):
    model = family_class("mnlogit").load(mnlogit_dir)
    version = candidate_register(
        TrainedCandidate(
            family="mnlogit",
            model=model,
            params=model.params,
            seed=7,
            metrics={},
            counts={},
            holdout_X=np.zeros((0, 50)),
            holdout_y=np.zeros(0, dtype=np.int64),
            holdout_game_id=np.zeros(0, dtype=np.int64),
        )
    )
    out = io.StringIO()
    call_command(
        "evaluate_human", str(sessions_csv), "--family", "mnlogit",
        "--version", str(version.version), stdout=out,
    )  # fmt: skip
    lines = out.getvalue().splitlines()
    expected = evaluate_games(games_from_file(sessions_csv, game_rounds=25), model, target=10.0)
    assert lines[-1] == expected.summary_line()
    assert any(line.startswith(f"mnlogit v{version.version} ") for line in lines)
