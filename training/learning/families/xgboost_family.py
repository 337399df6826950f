"""The xgboost family (bot ``forrest``): gradient-boosted trees with ``multi:softprob``.

Boosting stops early on the validation log-loss and the booster is cut back to its best
iteration before it is kept, so the saved model is exactly the one that was validated. Saved in
xgboost's own UBJSON format; never pickled.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Self

import numpy as np
import xgboost

from core.vocabulary import XGBOOST
from games.engine.features import FEATURE_NAMES

from .base import (
    N_CLASSES,
    ArtifactError,
    FitRows,
    ModelFamily,
    NotFittedError,
    as_features,
    normalised,
)
from .tree_ensemble import UnsupportedModel, forest_from_models

MODEL_FILE = "model.ubj"
# Served predictions are a row at a time, where extra OpenMP threads only add spinning.
PREDICT_THREADS = 1
# Booster parameters passed through as they are; the rest steer the boosting loop.
BOOSTER_PARAMS = (
    "max_depth",
    "eta",
    "subsample",
    "colsample_bytree",
    "min_child_weight",
    "lambda",
    "tree_method",
    "nthread",
)


class XGBoostFamily(ModelFamily):
    name = XGBOOST
    library = "xgboost"
    param_names = frozenset({*BOOSTER_PARAMS, "num_boost_round", "early_stopping_rounds"})

    def __init__(self) -> None:
        super().__init__()
        self.booster: xgboost.Booster | None = None

    @classmethod
    def library_version(cls) -> str:
        return str(xgboost.__version__)

    def _fit(self, rows: FitRows, params: dict[str, Any], seed: int) -> dict[str, Any]:
        X_train, y_train, X_val, y_val = rows
        booster_params = {
            **{key: params[key] for key in BOOSTER_PARAMS},
            "objective": "multi:softprob",
            "num_class": N_CLASSES,
            "eval_metric": "mlogloss",
            "seed": seed,
            "verbosity": 0,
        }
        train = xgboost.DMatrix(X_train, label=y_train, feature_names=list(FEATURE_NAMES))
        val = xgboost.DMatrix(X_val, label=y_val, feature_names=list(FEATURE_NAMES))
        history: dict[str, dict[str, list[float]]] = {}
        booster = xgboost.train(
            booster_params,
            train,
            num_boost_round=int(params["num_boost_round"]),
            evals=[(val, "val")],
            early_stopping_rounds=int(params["early_stopping_rounds"]),
            evals_result=history,
            verbose_eval=False,
        )
        rounds_run = len(history["val"]["mlogloss"])
        best_iteration = int(booster.best_iteration)
        self.booster = booster[: best_iteration + 1]
        self.booster.set_param({"nthread": PREDICT_THREADS})
        return {
            "iterations": rounds_run,
            "best_iteration": best_iteration,
            "best_val_loss": float(history["val"]["mlogloss"][best_iteration]),
        }

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        if self.booster is None:
            raise NotFittedError("the xgboost model has not been fitted or loaded")
        # In-place prediction skips building a DMatrix: a single served row costs far less.
        raw = self.booster.inplace_predict(as_features(X))
        return normalised(np.asarray(raw).reshape(-1, N_CLASSES))

    @classmethod
    def stacked(cls, experts: Sequence[Self]) -> Callable[[np.ndarray], np.ndarray] | None:
        """Every expert's trees walked together in numpy (tree_ensemble): one booster call
        costs about half a millisecond of dispatch for a single row. Trusted only when it
        answers as the boosters themselves do on probe rows; otherwise None."""
        boosters = [e.booster for e in experts if e.booster is not None]
        if len(boosters) != len(experts):
            return None
        try:
            forest = forest_from_models([json.loads(b.save_raw("json")) for b in boosters])
        except (UnsupportedModel, KeyError, TypeError, ValueError):
            return None
        probes = np.random.default_rng(0).uniform(-1.0, 3.0, size=(16, len(FEATURE_NAMES)))
        theirs = np.stack([e.predict_proba(probes) for e in experts])
        if not np.allclose(forest.probabilities(probes), theirs, atol=1e-5):
            return None
        return forest.probabilities

    def save(self, directory: Path) -> None:
        if self.booster is None:
            raise NotFittedError("nothing to save: the xgboost model has not been fitted")
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        self.booster.save_model(directory / MODEL_FILE)
        rounds = int(self.booster.num_boosted_rounds())
        self._write_meta(directory, {"model_file": MODEL_FILE, "boosted_rounds": rounds})

    @classmethod
    def load(cls, directory: Path) -> Self:
        directory = Path(directory)
        meta = cls._read_meta(directory)
        path = directory / MODEL_FILE
        if not path.is_file():
            raise ArtifactError(f"missing artifact file {MODEL_FILE}")
        booster = xgboost.Booster()
        try:
            booster.load_model(path)
        except xgboost.core.XGBoostError as error:
            raise ArtifactError(f"unreadable xgboost model: {error}") from None
        booster.set_param({"nthread": PREDICT_THREADS})
        model = cls()
        model.params, model.booster = meta["params"], booster
        return model
