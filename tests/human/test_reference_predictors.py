from __future__ import annotations

import random

import pytest

from games.engine.history import GameHistory
from games.engine.moves import MOVES, Move, beaten_by
from games.engine.prediction import FrequencyPredictor
from games.engine.round_values import RoundValues
from games.engine.scoring import score_round
from training.human.data import counter_points, frequency_predictions, ngram_predictions

ROCK, PAPER, SCISSORS = 0, 1, 2


def test_the_ngram_falls_back_from_two_moves_to_one_to_plain_counts():
    # Before each move of R P R P R P: nothing seen (R); "R" unseen, counts R1 (R); "R P" and
    # "P" unseen, counts R1 P1 tie (R); "P R" unseen, "R" was followed by P (P); "R P" was
    # followed by R (R); "P R" was followed by P (P).
    moves = [ROCK, PAPER, ROCK, PAPER, ROCK, PAPER]
    assert ngram_predictions(moves) == [ROCK, ROCK, ROCK, PAPER, ROCK, PAPER]


def test_the_longest_seen_context_wins_over_shorter_ones():
    # Before the last move of S S R S S R S S _: "S S" was followed by R twice, while "S"
    # alone was followed by S three times and by R twice.
    moves = [SCISSORS, SCISSORS, ROCK] * 2 + [SCISSORS, SCISSORS, PAPER]
    assert ngram_predictions(moves)[-1] == ROCK
    assert ngram_predictions(moves, order=1)[-1] == SCISSORS


def test_the_frequency_rule_is_the_frequency_predictors_argmax():
    rng = random.Random(3)
    moves = [rng.choice(MOVES) for _ in range(40)]
    values = RoundValues(1.0, 1.2, 1.7)
    history = GameHistory()
    expected = []
    for move in moves:
        probabilities = FrequencyPredictor().predict(history, values).probabilities
        expected.append(probabilities.index(max(probabilities)))
        history = history.after(move, move, values, score_round(move, move, values))
    assert frequency_predictions([MOVES.index(m) for m in moves]) == expected


@pytest.mark.parametrize(
    ("actual", "points"),
    [(ROCK, 1.2), (PAPER, 0.5), (SCISSORS, 0.0)],
)
def test_countering_a_rock_prediction_scores_papers_value_a_draw_or_nothing(actual, points):
    values = (1.0, 1.2, 1.7)
    assert beaten_by(Move.ROCK) is Move.PAPER
    assert counter_points(ROCK, actual, values) == points
