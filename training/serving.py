"""Serving: which model answers a game, and its predictions.

This is the one door between gameplay and the models. ``games`` calls ``assign_model`` when a
game starts and ``predictor_for`` on every round; until trained models are registered every
alias is answered by the frequency baseline, behind the same interface.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from games.engine.prediction import FrequencyPredictor, MovePredictor
from games.engine.seeding import stable_fraction

PRODUCTION = "Production"
B = "B"
FREQUENCY_VERSION = ""  # no registry version: the built-in frequency predictor


@dataclass(frozen=True, slots=True)
class ModelAssignment:
    alias: str
    version: str


def assign_alias(*, family: str, game_id: int) -> str:
    """Production or B by a stable hash of the game: the same game always gets the same slot."""
    if not settings.ENABLE_AB_TESTING:
        return PRODUCTION
    return B if stable_fraction("ab", family, game_id) < settings.AB_B_SHARE else PRODUCTION


def assign_model(*, family: str, game_id: int) -> ModelAssignment:
    alias = assign_alias(family=family, game_id=game_id)
    return ModelAssignment(alias=alias, version=FREQUENCY_VERSION)


def predictor_for(*, family: str, alias: str, version: str) -> MovePredictor:
    return FrequencyPredictor()
