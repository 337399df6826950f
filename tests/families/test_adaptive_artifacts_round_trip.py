"""An adaptive artifact saves and loads to the same predictions, is checksummed as one folder,
and a plain family artifact (from before the mixture) still loads, answering as it used to."""

from __future__ import annotations

import json

import numpy as np
import pytest

from training.learning.families import ArtifactError
from training.learning.families.adaptive import AdaptiveModel
from training.registry.checksum import artifact_sha256

from .adaptive_data import fit_adaptive, rows_of
from .data import fit_small, learnable_dataset


@pytest.fixture(scope="module")
def model() -> AdaptiveModel:
    return fit_adaptive()


def test_a_saved_adaptive_model_loads_with_identical_predictions(model, tmp_path):
    from games.engine.prediction import FrequencyPredictor
    from games.engine.simulation import simulate_game

    model.save(tmp_path / "a")
    loaded = AdaptiveModel.load(tmp_path / "a", family="mnlogit")
    played = simulate_game(game_id="trip", opponent="Gus", predictor=FrequencyPredictor())
    rows = rows_of(played.history)

    assert loaded.names == model.names
    np.testing.assert_array_equal(
        loaded.predict_game(rows.X, rows.y).probabilities,
        model.predict_game(rows.X, rows.y).probabilities,
    )
    loaded.save(tmp_path / "b")
    assert artifact_sha256(tmp_path / "a") == artifact_sha256(tmp_path / "b")


def test_every_expert_counts_in_the_checksum(model, tmp_path):
    model.save(tmp_path / "a")
    before = artifact_sha256(tmp_path / "a")
    meta = tmp_path / "a" / "experts" / "Cal" / "meta.json"
    meta.write_text(meta.read_text() + " ")
    assert artifact_sha256(tmp_path / "a") != before


def test_a_plain_family_artifact_loads_as_its_one_model(tmp_path):
    data = learnable_dataset(seed=2, n=900)
    plain = fit_small("mnlogit", data, seed=2).model
    plain.save(tmp_path / "plain")

    loaded = AdaptiveModel.load(tmp_path / "plain", family="mnlogit")

    assert loaded.names == ("population",)
    # The same probabilities, up to the mixture's floor on each move (learning/families/mixture.py).
    np.testing.assert_allclose(
        loaded.predict_proba(data.X_test), plain.predict_proba(data.X_test), atol=1e-3
    )


def test_an_artifact_of_another_family_or_a_strange_expert_is_refused(model, tmp_path):
    model.save(tmp_path / "a")
    with pytest.raises(ArtifactError):
        AdaptiveModel.load(tmp_path / "a", family="xgboost")
    meta_path = tmp_path / "a" / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta["experts"] = ["population", "../../etc"]
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(ArtifactError):
        AdaptiveModel.load(tmp_path / "a", family="mnlogit")
