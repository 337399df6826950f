"""The three model families behind one interface, and their default hyper-parameters.

Defaults live in ``training/learning/configs/<family>.json`` (experiment configs: the family, its
params and a description), so an experiment is a new JSON file rather than a code change.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from core.vocabulary import FEEDFORWARD, MNLOGIT, XGBOOST

from .base import ArtifactError, ModelFamily, NotFittedError
from .feedforward import FeedForwardFamily
from .mnlogit import MNLogitFamily
from .xgboost_family import XGBoostFamily

CONFIG_DIR = Path(__file__).resolve().parent.parent / "configs"

FAMILIES: dict[str, type[ModelFamily]] = {
    FEEDFORWARD: FeedForwardFamily,
    XGBOOST: XGBoostFamily,
    MNLOGIT: MNLogitFamily,
}

__all__ = [
    "CONFIG_DIR",
    "FAMILIES",
    "ArtifactError",
    "ModelFamily",
    "NotFittedError",
    "UnknownFamily",
    "default_params",
    "family_class",
    "load_config",
]


class UnknownFamily(KeyError):
    pass


def family_class(name: str) -> type[ModelFamily]:
    try:
        return FAMILIES[name]
    except KeyError:
        raise UnknownFamily(
            f"unknown model family {name!r}: expected one of {', '.join(FAMILIES)}"
        ) from None


def load_config(path: Path) -> dict[str, Any]:
    """An experiment config, checked: a known family and exactly that family's params."""
    config = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(config, dict) or not isinstance(config.get("params"), dict):
        raise ValueError(f"{path}: a config is an object with a 'params' object")
    cls = family_class(str(config.get("family")))
    return {**config, "params": cls.checked_params(config["params"])}


def default_params(name: str) -> dict[str, Any]:
    family_class(name)
    config = load_config(CONFIG_DIR / f"{name}.json")
    if config["family"] != name:
        raise ValueError(f"{name}.json describes the {config['family']!r} family")
    return config["params"]
