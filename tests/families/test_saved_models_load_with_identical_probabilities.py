from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.families.data import Dataset, FittedModel
from training.learning.families import family_class
from training.registry.checksum import artifact_sha256


def test_a_loaded_model_answers_exactly_as_the_saved_one(
    family: str, fitted: dict[str, FittedModel], dataset: Dataset, tmp_path: Path
) -> None:
    model = fitted[family].model
    model.save(tmp_path / "artifact")
    loaded = family_class(family).load(tmp_path / "artifact")
    np.testing.assert_array_equal(
        loaded.predict_proba(dataset.X_test), model.predict_proba(dataset.X_test)
    )
    assert loaded.describe() == model.describe()


def test_saving_the_same_model_twice_writes_the_same_bytes(
    family: str, fitted: dict[str, FittedModel], tmp_path: Path
) -> None:
    model = fitted[family].model
    model.save(tmp_path / "first")
    model.save(tmp_path / "second")
    assert artifact_sha256(tmp_path / "first") == artifact_sha256(tmp_path / "second")


def test_a_loaded_model_saves_back_to_the_same_bytes(
    family: str, fitted: dict[str, FittedModel], tmp_path: Path
) -> None:
    fitted[family].model.save(tmp_path / "original")
    family_class(family).load(tmp_path / "original").save(tmp_path / "copy")
    assert artifact_sha256(tmp_path / "copy") == artifact_sha256(tmp_path / "original")


def test_artifacts_hold_no_pickles(
    family: str, fitted: dict[str, FittedModel], tmp_path: Path
) -> None:
    fitted[family].model.save(tmp_path)
    names = sorted(path.name for path in tmp_path.iterdir())
    assert "meta.json" in names
    assert not [name for name in names if name.endswith((".pkl", ".pickle", ".joblib"))]
