from __future__ import annotations

import sklearn
import torch
import xgboost

from games.engine.features import FEATURE_CONTRACT_VERSION
from tests.families.data import FittedModel

LIBRARIES = {
    "feedforward": ("torch", torch.__version__),
    "xgboost": ("xgboost", xgboost.__version__),
    "mnlogit": ("scikit-learn", sklearn.__version__),
}


def test_describe_says_what_the_model_is_and_what_it_reads(
    family: str, fitted: dict[str, FittedModel]
) -> None:
    description = fitted[family].model.describe()
    library, version = LIBRARIES[family]
    assert description == {
        "family": family,
        "library": library,
        "library_version": str(version),
        "params": fitted[family].params,
        "feature_contract_version": FEATURE_CONTRACT_VERSION,
        "n_features": 50,
    }
