from __future__ import annotations

from games.engine.features import build_features
from games.engine.history import GameHistory
from games.engine.moves import Move
from tests.engine.builders import values_with
from tests.features.builders import history_of

R, P, S = Move.ROCK, Move.PAPER, Move.SCISSORS
VALUES = values_with(low=Move.ROCK, base=1.2)


def block(row: list[float], start: int) -> list[list[float]]:
    """Nine features as three lags of three."""
    return [row[start + 3 * lag : start + 3 * lag + 3] for lag in range(3)]


def test_the_most_recent_round_comes_first() -> None:
    # Oldest first: rock vs paper (player loses), paper vs rock (wins), scissors vs scissors,
    # then paper vs scissors (loses). Lag 1 is that last round.
    history = history_of([(R, P, VALUES), (P, R, VALUES), (S, S, VALUES), (P, S, VALUES)])
    row = build_features(history, VALUES)
    assert block(row, 0) == [[0, 1, 0], [0, 0, 1], [0, 1, 0]]
    assert block(row, 9) == [[0, 0, 1], [0, 0, 1], [1, 0, 0]]
    # Results in the order win, lose, draw.
    assert block(row, 18) == [[0, 1, 0], [0, 0, 1], [1, 0, 0]]


def test_lags_before_the_first_round_are_all_zeros() -> None:
    row = build_features(GameHistory(), VALUES)
    assert row[0:27] == [0.0] * 27


def test_only_the_lags_that_exist_are_set() -> None:
    history = history_of([(S, R, VALUES)])
    row = build_features(history, VALUES)
    assert block(row, 0) == [[0, 0, 1], [0, 0, 0], [0, 0, 0]]
    assert block(row, 9) == [[1, 0, 0], [0, 0, 0], [0, 0, 0]]
    assert block(row, 18) == [[0, 1, 0], [0, 0, 0], [0, 0, 0]]


def test_each_present_lag_has_exactly_one_hot_entry() -> None:
    history = history_of([(R, R, VALUES), (P, S, VALUES), (S, P, VALUES), (R, S, VALUES)] * 3)
    row = build_features(history, VALUES)
    for start in (0, 9, 18):
        assert [sum(lag) for lag in block(row, start)] == [1.0, 1.0, 1.0]
