from __future__ import annotations

import json

import pytest

from tests.families.data import Dataset
from training.learning.families import (
    CONFIG_DIR,
    FAMILIES,
    UnknownFamily,
    default_params,
    family_class,
)


def test_every_family_has_a_config_naming_it(family: str) -> None:
    config = json.loads((CONFIG_DIR / f"{family}.json").read_text())
    assert config["family"] == family
    assert config["description"]
    assert default_params(family) == config["params"]


def test_a_config_sets_exactly_the_params_its_family_reads(family: str) -> None:
    assert set(default_params(family)) == family_class(family).param_names


def test_the_registry_maps_names_to_families() -> None:
    assert sorted(FAMILIES) == ["feedforward", "mnlogit", "xgboost"]
    for name, cls in FAMILIES.items():
        assert family_class(name) is cls
        assert cls.name == name


def test_an_unknown_family_is_refused() -> None:
    with pytest.raises(UnknownFamily, match="lightgbm"):
        family_class("lightgbm")
    with pytest.raises(UnknownFamily):
        default_params("lightgbm")


def test_a_misspelt_or_missing_param_is_refused_before_fitting(
    family: str, dataset: Dataset
) -> None:
    params = default_params(family)
    misspelt = {**params, "lerning_rate": 0.1}
    missing = dict(list(params.items())[1:])
    for bad in (misspelt, missing):
        with pytest.raises(ValueError, match="params"):
            family_class(family)().fit(
                dataset.X_train, dataset.y_train, dataset.X_val, dataset.y_val, params=bad, seed=0
            )
