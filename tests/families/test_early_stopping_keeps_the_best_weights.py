"""Models made to overfit a tiny training set: validation loss turns up, training must stop and
hand back the best epoch or iteration rather than the last one."""

from __future__ import annotations

import numpy as np
import pytest

from tests.families.data import Dataset
from training.learning.families import default_params
from training.learning.families.base import log_loss
from training.learning.families.feedforward import FeedForwardFamily
from training.learning.families.xgboost_family import XGBoostFamily

TINY = 150


def test_the_feedforward_net_returns_to_its_best_epoch(dataset: Dataset) -> None:
    params = {
        **default_params("feedforward"),
        "hidden_sizes": [128, 128],
        "dropout": 0.0,
        "learning_rate": 0.01,
        "batch_size": 32,
        "max_epochs": 60,
        "patience": 3,
    }
    model = FeedForwardFamily()
    info = model.fit(
        dataset.X_train[:TINY],
        dataset.y_train[:TINY],
        dataset.X_val,
        dataset.y_val,
        params=params,
        seed=1,
    )
    assert info["best_epoch"] < info["epochs"] < params["max_epochs"]
    assert info["epochs"] - info["best_epoch"] == params["patience"]
    achieved = log_loss(model.predict_proba(dataset.X_val), dataset.y_val)
    assert achieved == pytest.approx(info["best_val_loss"], rel=1e-4)


def test_the_booster_is_cut_back_to_its_best_iteration(dataset: Dataset) -> None:
    params = {
        **default_params("xgboost"),
        "eta": 0.5,
        "max_depth": 6,
        "num_boost_round": 200,
        "early_stopping_rounds": 5,
    }
    model = XGBoostFamily()
    info = model.fit(
        dataset.X_train[:TINY],
        dataset.y_train[:TINY],
        dataset.X_val,
        dataset.y_val,
        params=params,
        seed=1,
    )
    assert info["iterations"] == info["best_iteration"] + 1 + params["early_stopping_rounds"]
    assert model.booster is not None
    assert model.booster.num_boosted_rounds() == info["best_iteration"] + 1
    probabilities = model.predict_proba(dataset.X_val)
    assert log_loss(probabilities, dataset.y_val) == pytest.approx(info["best_val_loss"], rel=1e-4)
    assert np.all(np.isfinite(probabilities))
