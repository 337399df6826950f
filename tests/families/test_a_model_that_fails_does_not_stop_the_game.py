"""A loaded model that raises while answering does not stop the game: the round is answered
uniformly, marked ``model_error`` (promotion's error-rate guardrail counts the mark), logged,
and counted in ``rps_model_fallback_total{reason="predict_error"}``."""

from __future__ import annotations

import logging

import pytest
from prometheus_client import REGISTRY

from core.vocabulary import MODEL_ERROR_SOURCE
from games.engine.prediction import UNIFORM
from training.serving.predictors import ModelPredictor

from .test_a_carried_round_answers_as_the_whole_game_would import states


class _FailingModel:
    """A model whose every answer fails, as one with a bug on some rows would."""

    names = ("a", "b")

    def predict_next(self, *args: object) -> object:
        raise FloatingPointError("a row the model cannot read")

    def predict_game(self, *args: object) -> object:
        raise FloatingPointError("a row the model cannot read")


def _errors() -> float:
    labels = {"model": "mnlogit", "reason": "predict_error"}
    return REGISTRY.get_sample_value("rps_model_fallback_total", labels) or 0.0


@pytest.mark.parametrize("carried_round", [False, True])
def test_the_round_is_answered_uniformly_and_counted(caplog, carried_round: bool) -> None:
    predictor = ModelPredictor(_FailingModel(), family="mnlogit", version="7")
    history, values = states("Dan", 0)[1 if carried_round else 0]
    before = _errors()

    with caplog.at_level(logging.ERROR, logger="rpsweb.serving"):
        answer = predictor.predict(history, values)

    assert answer.probabilities == UNIFORM
    assert answer.source == MODEL_ERROR_SOURCE and answer.model_version == "7"
    assert _errors() == before + 1
    assert "model failed while answering" in caplog.text
