"""A small synthetic data set that a model can learn, and quick fits of each family on it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from games.engine.features import FEATURE_COUNT
from training.learning.families import ModelFamily, default_params, family_class

# Small enough that every family fits in about a second, large enough to learn the rule.
SMALL_PARAMS: dict[str, dict[str, Any]] = {
    "feedforward": {
        "hidden_sizes": [32],
        "learning_rate": 0.003,
        "max_epochs": 20,
        "patience": 3,
        "batch_size": 128,
    },
    "xgboost": {"num_boost_round": 60, "early_stopping_rounds": 10, "max_depth": 3},
    "mnlogit": {},
}


@dataclass(frozen=True)
class Dataset:
    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


@dataclass(frozen=True)
class FittedModel:
    model: ModelFamily
    info: dict[str, Any]
    params: dict[str, Any]


def learnable_dataset(*, seed: int, n: int = 3000) -> Dataset:
    """Labels follow two features (plus 10% noise); the other 48 are distraction."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, FEATURE_COUNT))
    y = np.where(X[:, 5] > 0.4, 0, np.where(X[:, 30] > 0.0, 1, 2))
    noisy = rng.random(n) < 0.1
    y[noisy] = rng.integers(0, 3, size=int(noisy.sum()))
    a, b = int(n * 0.6), int(n * 0.8)
    return Dataset(X[:a], y[:a], X[a:b], y[a:b], X[b:], y[b:])


def small_params(name: str) -> dict[str, Any]:
    return {**default_params(name), **SMALL_PARAMS[name]}


def fit_small(name: str, data: Dataset, *, seed: int) -> FittedModel:
    model = family_class(name)()
    params = small_params(name)
    info = model.fit(data.X_train, data.y_train, data.X_val, data.y_val, params=params, seed=seed)
    return FittedModel(model, info, params)
