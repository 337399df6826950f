from __future__ import annotations

from games.engine.features import build_features
from games.engine.history import GameHistory
from games.engine.moves import Move
from tests.engine.builders import values_with
from tests.features.builders import history_of

FIRST = values_with(low=Move.ROCK, base=1.1)
SECOND = values_with(low=Move.PAPER, base=1.4)
THIRD = values_with(low=Move.ROCK, base=1.5)
NOW = values_with(low=Move.SCISSORS, base=1.3)


def test_this_rounds_values_are_in_rock_paper_scissors_order() -> None:
    row = build_features(GameHistory(), NOW)
    assert row[27:30] == [NOW.rock, NOW.paper, NOW.scissors]


def test_past_values_come_lag_one_first() -> None:
    history = history_of(
        [
            (Move.ROCK, Move.PAPER, FIRST),
            (Move.ROCK, Move.PAPER, SECOND),
            (Move.PAPER, Move.PAPER, THIRD),
        ]
    )
    row = build_features(history, NOW)
    assert row[30:39] == [*THIRD.as_tuple(), *SECOND.as_tuple(), *FIRST.as_tuple()]


def test_absent_lags_repeat_this_rounds_values() -> None:
    history = history_of([(Move.ROCK, Move.PAPER, FIRST)])
    row = build_features(history, NOW)
    assert row[30:39] == [*FIRST.as_tuple(), *NOW.as_tuple(), *NOW.as_tuple()]


def test_with_no_history_every_lag_is_this_round() -> None:
    row = build_features(GameHistory(), NOW)
    assert row[30:39] == list(NOW.as_tuple()) * 3
