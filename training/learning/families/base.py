"""The interface every model family implements, and what they share: input checks and metadata.

A family turns feature rows (n, 50) and labels 0..2 (MOVES order) into a model that answers
``predict_proba`` with one distribution over rock, paper, scissors per row. Artifacts are plain
files (weights in the library's native format plus ``meta.json``), never pickles: loading a model
must not run code from the artifact.
"""

from __future__ import annotations

import json
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar, NamedTuple, Self

import numpy as np

from games.engine.features import FEATURE_CONTRACT_VERSION, FEATURE_COUNT, FEATURE_NAMES

N_CLASSES = 3
META_FILE = "meta.json"


class ArtifactError(ValueError):
    """An artifact directory that this code cannot load: wrong family, contract or files."""


class NotFittedError(RuntimeError):
    pass


def as_features(X: np.ndarray) -> np.ndarray:
    """Feature rows as float64 (n, 50); anything else is refused before it reaches a model."""
    array = np.asarray(X, dtype=np.float64)
    if array.ndim != 2 or array.shape[1] != FEATURE_COUNT:
        raise ValueError(f"expected feature rows of shape (n, {FEATURE_COUNT}), got {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError("feature rows must be finite")
    return array


def as_labels(y: np.ndarray, n_rows: int) -> np.ndarray:
    labels = np.asarray(y)
    if labels.shape != (n_rows,):
        raise ValueError(f"expected {n_rows} labels, got shape {labels.shape}")
    if not np.issubdtype(labels.dtype, np.integer) and not np.all(np.mod(labels, 1) == 0):
        raise ValueError("labels must be whole numbers 0, 1 or 2")
    labels = labels.astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= N_CLASSES):
        raise ValueError("labels must be 0 (rock), 1 (paper) or 2 (scissors)")
    return labels


def check_training_data(
    X_train: np.ndarray, y_train: np.ndarray, X_val: np.ndarray, y_val: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    X_train, X_val = as_features(X_train), as_features(X_val)
    y_train, y_val = as_labels(y_train, len(X_train)), as_labels(y_val, len(X_val))
    if len(X_val) == 0:
        raise ValueError("early stopping needs a non-empty validation set")
    # A class never seen in training would leave a model with fewer than three outputs.
    if len(np.unique(y_train)) != N_CLASSES:
        raise ValueError("the training labels must contain all three moves")
    return X_train, y_train, X_val, y_val


def log_loss(probabilities: np.ndarray, y: np.ndarray) -> float:
    """Mean negative log-likelihood of the true moves, clipped so one certainty is not infinite."""
    picked = probabilities[np.arange(len(y)), y]
    return float(-np.mean(np.log(np.clip(picked, 1e-15, 1.0))))


def normalised(probabilities: np.ndarray) -> np.ndarray:
    """Rows that sum to 1 in float64, whatever precision the library answered in."""
    array = np.asarray(probabilities, dtype=np.float64)
    return array / array.sum(axis=1, keepdims=True)


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def write_json(path: Path, payload: dict[str, Any]) -> None:
    # Sorted keys and a fixed layout: saving the same model twice gives the same bytes.
    path.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def read_json(path: Path) -> dict[str, Any]:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ArtifactError(f"missing artifact file {path.name}") from None
    if not isinstance(payload, dict):
        raise ArtifactError(f"{path.name} does not hold a JSON object")
    return payload


class FitRows(NamedTuple):
    """Checked training and validation rows, as a family's ``_fit`` receives them."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray


class ModelFamily(ABC):
    """One model family: fit, predict, save and load behind the same calls."""

    name: ClassVar[str]
    library: ClassVar[str]
    # Every hyper-parameter the family reads; the JSON configs are the one place defaults live.
    param_names: ClassVar[frozenset[str]]

    def __init__(self) -> None:
        self.params: dict[str, Any] = {}

    @classmethod
    def checked_params(cls, params: dict[str, Any]) -> dict[str, Any]:
        """The params, refused when one is missing or unknown (a typo must not go unnoticed)."""
        missing = sorted(cls.param_names - params.keys())
        unknown = sorted(params.keys() - cls.param_names)
        if missing or unknown:
            raise ValueError(
                f"{cls.name} params: missing {missing or 'none'}, unknown {unknown or 'none'}"
            )
        return dict(params)

    def fit(
        self,
        X_train: np.ndarray,
        y_train: np.ndarray,
        X_val: np.ndarray,
        y_val: np.ndarray,
        *,
        params: dict[str, Any],
        seed: int,
    ) -> dict[str, Any]:
        """Fit on the training rows, monitoring the validation rows; return what the fit did.
        Every family checks its params and data, and reports its sizes and time, the same way;
        ``_fit`` is what differs."""
        params = self.checked_params(params)
        X_train, y_train, X_val, y_val = check_training_data(X_train, y_train, X_val, y_val)
        started = time.perf_counter()
        report = self._fit(FitRows(X_train, y_train, X_val, y_val), params, seed)
        self.params = params
        return {
            **report,
            "n_train": len(X_train),
            "n_val": len(X_val),
            "fit_seconds": time.perf_counter() - started,
        }

    @abstractmethod
    def _fit(self, rows: FitRows, params: dict[str, Any], seed: int) -> dict[str, Any]:
        """The family's own fit, on checked data and params: what it learned stays on ``self``;
        the return says how the fit went (iterations, losses)."""

    @abstractmethod
    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """(n, 3) float64 probabilities in MOVES order, each row summing to 1."""

    @abstractmethod
    def save(self, directory: Path) -> None:
        """Write the artifact files into ``directory`` (created if missing)."""

    @classmethod
    @abstractmethod
    def load(cls, directory: Path) -> Self: ...

    @classmethod
    @abstractmethod
    def library_version(cls) -> str: ...

    @classmethod
    def stacked(cls, experts: Sequence[Self]) -> Callable[[np.ndarray], np.ndarray] | None:
        """One call that answers for every expert of a mixture at once: rows (n, 50), already
        checked, to (experts, n, 3). A served round asks every expert about the same row, and
        one library call costs far less than one per expert. None: ask each in turn."""
        return None

    def describe(self) -> dict[str, Any]:
        return {
            "family": self.name,
            "library": self.library,
            "library_version": self.library_version(),
            "params": dict(self.params),
            "feature_contract_version": FEATURE_CONTRACT_VERSION,
            "n_features": FEATURE_COUNT,
        }

    def _meta(self, state: dict[str, Any]) -> dict[str, Any]:
        return {**self.describe(), "feature_names": list(FEATURE_NAMES), "state": state}

    def _write_meta(self, directory: Path, state: dict[str, Any]) -> None:
        write_json(directory / META_FILE, self._meta(state))

    @classmethod
    def _read_meta(cls, directory: Path) -> dict[str, Any]:
        """The artifact's metadata, refused unless it is this family's and this contract's."""
        meta = read_json(Path(directory) / META_FILE)
        if meta.get("family") != cls.name:
            raise ArtifactError(f"artifact is a {meta.get('family')!r} model, not {cls.name!r}")
        if meta.get("feature_contract_version") != FEATURE_CONTRACT_VERSION:
            raise ArtifactError(
                f"artifact uses feature contract {meta.get('feature_contract_version')!r}, "
                f"this code builds contract {FEATURE_CONTRACT_VERSION!r}"
            )
        if meta.get("feature_names") != list(FEATURE_NAMES):
            raise ArtifactError("artifact was trained on different feature names")
        if not isinstance(meta.get("state"), dict) or not isinstance(meta.get("params"), dict):
            raise ArtifactError("artifact metadata lacks its params or state")
        return meta
