from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.families.data import Dataset, FittedModel, fit_small
from training.registry.checksum import artifact_sha256


def test_refitting_with_the_same_seed_gives_the_same_model(
    family: str, fitted: dict[str, FittedModel], dataset: Dataset, tmp_path: Path
) -> None:
    again = fit_small(family, dataset, seed=11)
    np.testing.assert_array_equal(
        again.model.predict_proba(dataset.X_test),
        fitted[family].model.predict_proba(dataset.X_test),
    )
    fitted[family].model.save(tmp_path / "first")
    again.model.save(tmp_path / "again")
    assert artifact_sha256(tmp_path / "first") == artifact_sha256(tmp_path / "again")


@pytest.mark.parametrize("name", ["feedforward", "xgboost"])
def test_another_seed_gives_another_model(
    name: str, fitted: dict[str, FittedModel], dataset: Dataset
) -> None:
    """Initial weights, shuffling and subsampling really follow the seed (mnlogit has none)."""
    other = fit_small(name, dataset, seed=12)
    assert not np.array_equal(
        other.model.predict_proba(dataset.X_test),
        fitted[name].model.predict_proba(dataset.X_test),
    )
