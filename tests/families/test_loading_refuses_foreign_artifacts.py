from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.families.data import FittedModel
from training.learning.families import ArtifactError, family_class


def edit_meta(directory: Path, **changes: object) -> None:
    path = directory / "meta.json"
    meta = json.loads(path.read_text())
    meta.update(changes)
    path.write_text(json.dumps(meta))


def test_another_familys_artifact_is_refused(
    family: str, fitted: dict[str, FittedModel], tmp_path: Path
) -> None:
    fitted[family].model.save(tmp_path)
    others = [name for name in fitted if name != family]
    for other in others:
        with pytest.raises(ArtifactError, match="not"):
            family_class(other).load(tmp_path)


def test_an_artifact_of_another_feature_contract_is_refused(
    family: str, fitted: dict[str, FittedModel], tmp_path: Path
) -> None:
    fitted[family].model.save(tmp_path)
    edit_meta(tmp_path, feature_contract_version="0")
    with pytest.raises(ArtifactError, match="contract"):
        family_class(family).load(tmp_path)


def test_an_artifact_trained_on_other_feature_names_is_refused(
    family: str, fitted: dict[str, FittedModel], tmp_path: Path
) -> None:
    fitted[family].model.save(tmp_path)
    names = json.loads((tmp_path / "meta.json").read_text())["feature_names"]
    edit_meta(tmp_path, feature_names=names[::-1])
    with pytest.raises(ArtifactError, match="feature names"):
        family_class(family).load(tmp_path)


def test_an_empty_directory_is_refused(family: str, tmp_path: Path) -> None:
    with pytest.raises(ArtifactError, match=r"meta\.json"):
        family_class(family).load(tmp_path)


@pytest.mark.parametrize(
    ("name", "weights"), [("feedforward", "weights.pt"), ("xgboost", "model.ubj")]
)
def test_an_artifact_missing_its_weights_is_refused(
    name: str, weights: str, fitted: dict[str, FittedModel], tmp_path: Path
) -> None:
    fitted[name].model.save(tmp_path)
    (tmp_path / weights).unlink()
    with pytest.raises(ArtifactError, match=weights):
        family_class(name).load(tmp_path)
