from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from games.engine.features import VALUES_AT, build_features, value_tiers
from games.engine.moves import MOVES
from games.engine.prediction import FrequencyPredictor
from games.engine.simulation import simulate_game
from tests.families.data import Dataset, FittedModel
from tests.features.builders import prefixes
from training.learning.families.mnlogit import (
    MNLogitFamily,
    model_inputs,
    value_tier_terms,
    value_tier_terms_affine,
)


def test_the_loaded_model_matches_scikit_learn_to_nine_decimals(
    fitted: dict[str, FittedModel], dataset: Dataset, tmp_path: Path
) -> None:
    model = fitted["mnlogit"].model
    assert isinstance(model, MNLogitFamily) and model.pipeline is not None
    model.save(tmp_path)
    loaded = MNLogitFamily.load(tmp_path)
    assert loaded.pipeline is None  # nothing of scikit-learn's travels with the artifact
    inputs = np.hstack([dataset.X_test, value_tier_terms(dataset.X_test)])
    np.testing.assert_allclose(
        loaded.predict_proba(dataset.X_test),
        model.pipeline.predict_proba(inputs),
        rtol=0,
        atol=1e-9,
    )


def test_the_artifact_is_one_json_file_of_numbers(
    fitted: dict[str, FittedModel], tmp_path: Path
) -> None:
    fitted["mnlogit"].model.save(tmp_path)
    assert [path.name for path in tmp_path.iterdir()] == ["meta.json"]
    state = json.loads((tmp_path / "meta.json").read_text())["state"]
    assert sorted(state) == ["coef", "intercept", "mean", "scale"]
    width = 50 + 12
    assert len(state["coef"]) == 3 and all(len(row) == width for row in state["coef"])
    assert len(state["mean"]) == len(state["scale"]) == width


def test_without_value_tier_terms_it_reads_the_fifty_features_alone(
    dataset: Dataset, tmp_path: Path
) -> None:
    model = MNLogitFamily()
    params = {"C": 1.0, "max_iter": 500, "tol": 1e-6, "value_tier_terms": False}
    model.fit(dataset.X_train, dataset.y_train, dataset.X_val, dataset.y_val, params=params, seed=0)
    assert model.coef is not None and model.coef.shape == (3, 50)
    assert model.pipeline is not None
    model.save(tmp_path)
    np.testing.assert_allclose(
        MNLogitFamily.load(tmp_path).predict_proba(dataset.X_test),
        model.pipeline.predict_proba(dataset.X_test),
        rtol=0,
        atol=1e-9,
    )


def test_value_tier_terms_agree_with_the_engines_tiers_on_real_rows() -> None:
    history = simulate_game(game_id=5, opponent="Gus", predictor=FrequencyPredictor()).history
    for before, values in zip(prefixes(history), history.values, strict=True):
        row = build_features(before, values)
        terms = value_tier_terms(np.array([row]))[0]
        tiers = value_tiers(values)
        for i, move in enumerate(MOVES):
            tier = tiers.index(move)
            expected_one_hot = [1.0 if t == tier else 0.0 for t in range(3)]
            assert list(terms[3 * i : 3 * i + 3]) == expected_one_hot
            assert terms[9 + i] == row[42 + tier]


def test_the_value_tier_terms_are_an_affine_map_of_the_row_for_each_top_move():
    rows = np.random.default_rng(3).uniform(0.0, 2.0, size=(90, 50))
    tops = np.argmax(rows[:, VALUES_AT : VALUES_AT + 3], axis=1)
    for top in range(3):
        P, c = value_tier_terms_affine(top)
        X = rows[tops == top]
        assert len(X)
        assert np.array_equal(X @ P + c, model_inputs(X, with_value_tiers=True))
