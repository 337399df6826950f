"""The mnlogit family (bot ``logan``): multinomial logistic regression on standardised features.

scikit-learn fits it (lbfgs); the artifact is only numbers in JSON (the scaler's mean and scale,
the coefficients and intercepts), and predictions are always computed from those numbers, fitted
or loaded alike: softmax(((Z - mean) / scale) @ coef.T + intercept). So nothing is pickled and a
loaded model answers exactly as the fitted one did.

Z is the contract's row, optionally followed by value-tier terms (``value_tier_terms``): a linear
model cannot tell from three raw values which move is the most valuable, yet that is what many
players key on, so for each move we add whether it is this round's most valuable move, its
beater or the beater's beater, and the player's past share of that tier. On held-out simulated
games this lifts accuracy from about 0.46 to 0.61. The terms are derived from the 50 features
alone, so the contract itself is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Self

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from core.vocabulary import MNLOGIT
from games.engine.features import FEATURE_COUNT, VALUE_TIER_SHARES_AT, VALUES_AT

from .base import (
    N_CLASSES,
    ArtifactError,
    FitRows,
    ModelFamily,
    NotFittedError,
    as_features,
    log_loss,
    softmax,
)

VALUE_TIER_TERM_COUNT = 12


def value_tier_terms(X: np.ndarray) -> np.ndarray:
    """Per move (MOVES order): one-hot of its tier this round, then the player's share of it.

    Tiers as in features 42-44: 0 the most valuable move, 1 the move that beats it, 2 the move
    that beats that one. Move i is beaten by move (i + 1) % 3, so a move's tier is its distance
    from the most valuable move, counted that way round; argmax breaks ties in MOVES order like
    ``RoundValues.ranked``.
    """
    n = len(X)
    top = np.argmax(X[:, VALUES_AT : VALUES_AT + 3], axis=1)
    tiers = (np.arange(3)[None, :] - top[:, None]) % 3
    one_hot = np.zeros((n, 3, 3), dtype=np.float64)
    one_hot[np.arange(n)[:, None], np.arange(3)[None, :], tiers] = 1.0
    shares = np.take_along_axis(X[:, VALUE_TIER_SHARES_AT : VALUE_TIER_SHARES_AT + 3], tiers, 1)
    return np.hstack([one_hot.reshape(n, 9), shares])


def value_tier_terms_affine(top: int) -> tuple[np.ndarray, np.ndarray]:
    """``model_inputs`` of rows whose most valuable move is ``top``, as an affine map of the
    row: (P, c) with ``model_inputs(X) == X @ P + c``. For a fixed top the tier one-hots are
    constants and the shares a permutation of features 42-44, so a linear model's weights can
    absorb the terms: serving then needs no per-row construction."""
    width = FEATURE_COUNT + VALUE_TIER_TERM_COUNT
    P = np.zeros((FEATURE_COUNT, width))
    P[:, :FEATURE_COUNT] = np.eye(FEATURE_COUNT)
    c = np.zeros(width)
    for move in range(3):
        tier = (move - top) % 3
        c[FEATURE_COUNT + 3 * move + tier] = 1.0
        P[VALUE_TIER_SHARES_AT + tier, FEATURE_COUNT + 9 + move] = 1.0
    return P, c


def model_inputs(X: np.ndarray, *, with_value_tiers: bool) -> np.ndarray:
    return np.hstack([X, value_tier_terms(X)]) if with_value_tiers else X


class MNLogitFamily(ModelFamily):
    name = MNLOGIT
    library = "scikit-learn"
    param_names = frozenset({"C", "max_iter", "tol", "value_tier_terms"})

    def __init__(self) -> None:
        super().__init__()
        self.mean: np.ndarray | None = None
        self.scale: np.ndarray | None = None
        self.coef: np.ndarray | None = None
        self.intercept: np.ndarray | None = None
        # Kept after a fit only, so tests can hold the exported numbers against scikit-learn.
        self.pipeline: Pipeline | None = None

    @classmethod
    def library_version(cls) -> str:
        return str(sklearn.__version__)

    def _fit(self, rows: FitRows, params: dict[str, Any], seed: int) -> dict[str, Any]:
        X_train, y_train, X_val, y_val = rows
        pipeline = Pipeline(
            [
                ("scale", StandardScaler()),
                (
                    "logit",
                    LogisticRegression(
                        C=float(params["C"]),
                        solver="lbfgs",
                        max_iter=int(params["max_iter"]),
                        tol=float(params["tol"]),
                        random_state=seed,
                    ),
                ),
            ]
        )
        tiers = bool(params["value_tier_terms"])
        # One BLAS thread, like the other families: on a worker that shares its cores, threads
        # contend and a fit takes several times longer (docs/benchmarks-ml.md).
        with threadpool_limits(limits=1):
            pipeline.fit(model_inputs(X_train, with_value_tiers=tiers), y_train)
        scaler: StandardScaler = pipeline.named_steps["scale"]
        logit: LogisticRegression = pipeline.named_steps["logit"]
        if list(logit.classes_) != list(range(N_CLASSES)):
            raise ValueError(f"expected classes 0, 1, 2, got {list(logit.classes_)}")
        # Now, not after _fit: the losses below predict, and prediction reads the params.
        self.params, self.pipeline = params, pipeline
        self.mean = np.asarray(scaler.mean_, dtype=np.float64)
        self.scale = np.asarray(scaler.scale_, dtype=np.float64)
        # C order, as a loaded model has it: the same layout gives the same rounding in predict.
        self.coef = np.ascontiguousarray(logit.coef_, dtype=np.float64)
        self.intercept = np.asarray(logit.intercept_, dtype=np.float64)
        iterations = int(np.max(logit.n_iter_))
        return {
            "iterations": iterations,
            "converged": iterations < int(params["max_iter"]),
            "train_loss": log_loss(self.predict_proba(X_train), y_train),
            "best_val_loss": log_loss(self.predict_proba(X_val), y_val),
        }

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        if self.mean is None or self.scale is None or self.coef is None or self.intercept is None:
            raise NotFittedError("the mnlogit model has not been fitted or loaded")
        inputs = model_inputs(as_features(X), with_value_tiers=self._with_value_tiers())
        standardised = (inputs - self.mean) / self.scale
        return softmax(standardised @ self.coef.T + self.intercept)

    @classmethod
    def stacked(cls, experts: Sequence[Self]) -> Callable[[np.ndarray], np.ndarray] | None:
        tiers = {expert._with_value_tiers() for expert in experts}
        fitted = [state for expert in experts if (state := expert._fitted()) is not None]
        if len(tiers) != 1 or len(fitted) != len(experts):
            return None
        with_value_tiers = tiers.pop()
        # Standardising is folded into the weights, and so are the value-tier terms (one map
        # per most valuable move), so that a row costs one product for every expert at once:
        # ((X @ P + c) - m) / s @ W + b == X @ (P @ (W / s)) + ((c - m) / s @ W + b).
        scaled = np.hstack([coef.T / scale[:, None] for _, scale, coef, _ in fitted])  # (d, 3k)
        shifted = np.hstack([b - (m / s) @ coef.T for m, s, coef, b in fitted])
        if with_value_tiers:
            maps = [value_tier_terms_affine(top) for top in range(3)]
        else:
            maps = [(np.eye(FEATURE_COUNT), np.zeros(FEATURE_COUNT))] * 3
        weights = [P @ scaled for P, _ in maps]
        biases = [c @ scaled + shifted for _, c in maps]
        k = len(experts)

        def predict(X: np.ndarray) -> np.ndarray:
            if len(X) == 1:  # a served round: no masks
                top = int(np.argmax(X[0, VALUES_AT : VALUES_AT + 3]))
                logits = X @ weights[top] + biases[top]
            else:
                tops = np.argmax(X[:, VALUES_AT : VALUES_AT + 3], axis=1)
                logits = np.empty((len(X), N_CLASSES * k))
                for top in range(3):
                    rows = tops == top
                    logits[rows] = X[rows] @ weights[top] + biases[top]
            logits = logits.reshape(len(X), k, N_CLASSES).transpose(1, 0, 2)  # (k, n, 3)
            exp = np.exp(logits - logits.max(axis=2, keepdims=True))
            return exp / exp.sum(axis=2, keepdims=True)

        return predict

    def _fitted(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
        """(mean, scale, coef, intercept), which fit and load set together; None before."""
        if self.mean is None or self.scale is None or self.coef is None or self.intercept is None:
            return None
        return self.mean, self.scale, self.coef, self.intercept

    def _with_value_tiers(self) -> bool:
        return bool(self.params.get("value_tier_terms", False))

    def save(self, directory: Path) -> None:
        if self.mean is None or self.scale is None or self.coef is None or self.intercept is None:
            raise NotFittedError("nothing to save: the mnlogit model has not been fitted")
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        # JSON writes floats with repr, which reads back to the very same doubles.
        self._write_meta(
            directory,
            {
                "mean": self.mean.tolist(),
                "scale": self.scale.tolist(),
                "coef": self.coef.tolist(),
                "intercept": self.intercept.tolist(),
            },
        )

    @classmethod
    def load(cls, directory: Path) -> Self:
        meta = cls._read_meta(Path(directory))
        state = meta["state"]
        try:
            mean = np.array(state["mean"], dtype=np.float64)
            scale = np.array(state["scale"], dtype=np.float64)
            coef = np.array(state["coef"], dtype=np.float64)
            intercept = np.array(state["intercept"], dtype=np.float64)
        except (KeyError, TypeError, ValueError) as error:
            raise ArtifactError(f"unreadable mnlogit state: {error}") from None
        model = cls()
        model.params = meta["params"]
        width = FEATURE_COUNT + (VALUE_TIER_TERM_COUNT if model._with_value_tiers() else 0)
        if (
            mean.shape != (width,)
            or scale.shape != (width,)
            or coef.shape != (N_CLASSES, width)
            or intercept.shape != (N_CLASSES,)
        ):
            raise ArtifactError("the mnlogit state does not fit the feature contract")
        model.mean, model.scale, model.coef, model.intercept = mean, scale, coef, intercept
        return model
