from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from games.engine.history import GameHistory
from games.engine.moves import MOVE_INDEX, MOVES, Move
from games.engine.prediction import FrequencyPredictor, UniformPredictor
from games.engine.round_values import deterministic_round_points
from games.engine.scoring import score_round

R, P, S = Move.ROCK, Move.PAPER, Move.SCISSORS
VALUES = deterministic_round_points(1, 1)


def history_of(player_moves: list[Move]) -> GameHistory:
    history = GameHistory()
    for move in player_moves:
        history = history.after(move, R, VALUES, score_round(move, R, VALUES))
    return history


def test_the_uniform_predictor_says_a_third_each() -> None:
    prediction = UniformPredictor().predict(history_of([R, R, R]), VALUES)
    assert prediction.probabilities == (1 / 3, 1 / 3, 1 / 3)
    assert prediction.source == "uniform"


def test_the_frequency_predictor_is_uniform_before_any_move() -> None:
    prediction = FrequencyPredictor().predict(GameHistory(), VALUES)
    assert prediction.probabilities == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert prediction.source == "frequency"


def test_the_frequency_predictor_adds_one_to_each_count() -> None:
    # Rock twice, paper once, scissors never: (2 + 1, 1 + 1, 0 + 1) / (3 + 3).
    prediction = FrequencyPredictor().predict(history_of([R, P, R]), VALUES)
    assert prediction.probabilities == pytest.approx((3 / 6, 2 / 6, 1 / 6))


@settings(max_examples=200, deadline=None)
@given(moves=st.lists(st.sampled_from(MOVES), max_size=40))
def test_frequency_probabilities_sum_to_one_and_follow_the_counts(moves: list[Move]) -> None:
    probabilities = FrequencyPredictor().predict(history_of(moves), VALUES).probabilities
    assert math.fsum(probabilities) == pytest.approx(1.0)
    assert all(0 < p < 1 for p in probabilities)
    for a in MOVES:
        for b in MOVES:
            if moves.count(a) > moves.count(b):
                assert probabilities[MOVE_INDEX[a]] > probabilities[MOVE_INDEX[b]]
            elif moves.count(a) == moves.count(b):
                assert probabilities[MOVE_INDEX[a]] == pytest.approx(probabilities[MOVE_INDEX[b]])
