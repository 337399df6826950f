"""The feedforward family (bot ``brian``): a small torch MLP on standardised features, on CPU.

Training is reproducible for a seed: the global torch RNG is forked and seeded, batches are
shuffled by a seeded generator, deterministic algorithms are on and the thread count is fixed for
the duration of the fit (all restored afterwards, since they are process-wide). Early stopping keeps
the weights of the epoch with the lowest validation log-loss.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

import numpy as np
import torch
from torch import nn
from torch.nn import functional

from core.vocabulary import FEEDFORWARD
from games.engine.features import FEATURE_COUNT

from .base import (
    N_CLASSES,
    ArtifactError,
    FitRows,
    ModelFamily,
    NotFittedError,
    as_features,
    softmax,
)

WEIGHTS_FILE = "weights.pt"
# Early stopping counts an epoch as better only by more than this, so noise does not reset it.
MIN_IMPROVEMENT = 1e-5


def build_network(n_inputs: int, hidden_sizes: list[int], dropout: float) -> nn.Sequential:
    layers: list[nn.Module] = []
    width = n_inputs
    for size in hidden_sizes:
        layers += [nn.Linear(width, size), nn.ReLU(), nn.Dropout(dropout)]
        width = size
    layers.append(nn.Linear(width, N_CLASSES))
    return nn.Sequential(*layers)


@contextmanager
def reproducible_torch(seed: int, threads: int) -> Iterator[None]:
    previous_threads = torch.get_num_threads()
    previous_deterministic = torch.are_deterministic_algorithms_enabled()
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        torch.set_num_threads(threads)
        torch.use_deterministic_algorithms(True)
        try:
            yield
        finally:
            torch.use_deterministic_algorithms(previous_deterministic)
            torch.set_num_threads(previous_threads)


class FeedForwardFamily(ModelFamily):
    name = FEEDFORWARD
    library = "torch"
    param_names = frozenset(
        {
            "hidden_sizes",
            "dropout",
            "learning_rate",
            "weight_decay",
            "batch_size",
            "max_epochs",
            "patience",
            "num_threads",
        }
    )

    def __init__(self) -> None:
        super().__init__()
        self.network: nn.Sequential | None = None
        self.mean: np.ndarray | None = None
        self.std: np.ndarray | None = None

    @classmethod
    def library_version(cls) -> str:
        return str(torch.__version__)

    def _fit(self, rows: FitRows, params: dict[str, Any], seed: int) -> dict[str, Any]:
        X_train, y_train, X_val, y_val = rows
        mean = X_train.mean(axis=0)
        std = X_train.std(axis=0)
        std[std < 1e-12] = 1.0  # constant columns (easy mode in a standard-only set) pass as is

        with reproducible_torch(seed, int(params["num_threads"])):
            network = build_network(
                FEATURE_COUNT, list(params["hidden_sizes"]), float(params["dropout"])
            )
            optimiser = torch.optim.AdamW(
                network.parameters(),
                lr=float(params["learning_rate"]),
                weight_decay=float(params["weight_decay"]),
            )
            x_train = torch.from_numpy(((X_train - mean) / std).astype(np.float32))
            t_train = torch.from_numpy(y_train)
            x_val = torch.from_numpy(((X_val - mean) / std).astype(np.float32))
            t_val = torch.from_numpy(y_val)
            shuffler = torch.Generator().manual_seed(seed)
            batch_size = int(params["batch_size"])

            best_loss, best_epoch, stale = math.inf, 0, 0
            best_state = {k: v.detach().clone() for k, v in network.state_dict().items()}
            epochs = 0
            for epoch in range(1, int(params["max_epochs"]) + 1):
                epochs = epoch
                network.train()
                order = torch.randperm(len(x_train), generator=shuffler)
                for start in range(0, len(order), batch_size):
                    batch = order[start : start + batch_size]
                    optimiser.zero_grad()
                    loss = functional.cross_entropy(network(x_train[batch]), t_train[batch])
                    loss.backward()
                    optimiser.step()
                network.eval()
                with torch.no_grad():
                    val_loss = float(functional.cross_entropy(network(x_val), t_val))
                if val_loss < best_loss - MIN_IMPROVEMENT:
                    best_loss, best_epoch, stale = val_loss, epoch, 0
                    best_state = {k: v.detach().clone() for k, v in network.state_dict().items()}
                else:
                    stale += 1
                    if stale >= int(params["patience"]):
                        break
            network.load_state_dict(best_state)
            network.eval()

        self.params, self.network, self.mean, self.std = params, network, mean, std
        return {
            "epochs": epochs,
            "best_epoch": best_epoch,
            "best_val_loss": best_loss,
        }

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        if self.network is None or self.mean is None or self.std is None:
            raise NotFittedError("the feedforward model has not been fitted or loaded")
        inputs = torch.from_numpy(((as_features(X) - self.mean) / self.std).astype(np.float32))
        with torch.no_grad():
            logits = self.network(inputs).numpy().astype(np.float64)
        return softmax(logits)

    @classmethod
    def stacked(cls, experts: Sequence[Self]) -> Callable[[np.ndarray], np.ndarray] | None:
        """Every expert's network as one batched pass: a stacked float32 matrix product per
        layer (in numpy: for a single row, torch's per-call overhead is most of the cost). The
        experts of a mixture share one architecture; dropout is off when serving."""
        fitted = [state for e in experts if (state := e._fitted()) is not None]
        if len(fitted) != len(experts):
            return None
        layers = [[m for m in network if isinstance(m, nn.Linear)] for network, _, _ in fitted]
        if len({tuple(tuple(layer.weight.shape) for layer in ls) for ls in layers}) != 1:
            return None
        with torch.no_grad():
            weights = [
                np.stack([ls[i].weight.T.numpy() for ls in layers]).astype(np.float32)
                for i in range(len(layers[0]))
            ]  # each (k, in, out)
            biases = [
                np.stack([ls[i].bias.numpy() for ls in layers])[:, None, :].astype(np.float32)
                for i in range(len(layers[0]))
            ]
        mean = np.stack([m for _, m, _ in fitted])[:, None, :]
        std = np.stack([s for _, _, s in fitted])[:, None, :]
        last = len(weights) - 1

        def predict(X: np.ndarray) -> np.ndarray:
            hidden = ((X[None, :, :] - mean) / std).astype(np.float32)
            for i, (weight, bias) in enumerate(zip(weights, biases, strict=True)):
                hidden = hidden @ weight + bias
                if i < last:
                    hidden = np.maximum(hidden, 0.0)
            logits = hidden.astype(np.float64)
            shifted = np.exp(logits - logits.max(axis=2, keepdims=True))
            return shifted / shifted.sum(axis=2, keepdims=True)

        return predict

    def _fitted(self) -> tuple[nn.Sequential, np.ndarray, np.ndarray] | None:
        """(network, mean, std), which fit and load set together; None before either."""
        if self.network is None or self.mean is None or self.std is None:
            return None
        return self.network, self.mean, self.std

    def save(self, directory: Path) -> None:
        if self.network is None or self.mean is None or self.std is None:
            raise NotFittedError("nothing to save: the feedforward model has not been fitted")
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        torch.save(self.network.state_dict(), directory / WEIGHTS_FILE)
        self._write_meta(
            directory,
            {
                "architecture": {
                    "n_inputs": FEATURE_COUNT,
                    "hidden_sizes": list(self.params["hidden_sizes"]),
                    "dropout": float(self.params["dropout"]),
                    "n_outputs": N_CLASSES,
                },
                "normalisation": {"mean": self.mean.tolist(), "std": self.std.tolist()},
            },
        )

    @classmethod
    def load(cls, directory: Path) -> Self:
        directory = Path(directory)
        meta = cls._read_meta(directory)
        try:
            architecture = meta["state"]["architecture"]
            normalisation = meta["state"]["normalisation"]
            network = build_network(
                int(architecture["n_inputs"]),
                [int(size) for size in architecture["hidden_sizes"]],
                float(architecture["dropout"]),
            )
            mean = np.array(normalisation["mean"], dtype=np.float64)
            std = np.array(normalisation["std"], dtype=np.float64)
        except (KeyError, TypeError, ValueError) as error:
            raise ArtifactError(f"unreadable feedforward metadata: {error}") from None
        if mean.shape != (FEATURE_COUNT,) or std.shape != (FEATURE_COUNT,):
            raise ArtifactError("the normalisation does not cover the feature contract")
        try:
            state = torch.load(directory / WEIGHTS_FILE, map_location="cpu", weights_only=True)
        except FileNotFoundError:
            raise ArtifactError(f"missing artifact file {WEIGHTS_FILE}") from None
        network.load_state_dict(state)
        network.eval()
        model = cls()
        model.params, model.network, model.mean, model.std = meta["params"], network, mean, std
        return model
