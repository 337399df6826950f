from __future__ import annotations

import pytest

from games.engine.features import build_features
from games.engine.history import GameHistory
from games.engine.moves import Move
from tests.engine.builders import values_with
from tests.features.builders import history_of

VALUES = values_with(low=Move.PAPER, base=1.2)


def test_with_no_history_each_move_has_a_third() -> None:
    row = build_features(GameHistory(), VALUES)
    assert row[39:42] == [1 / 3, 1 / 3, 1 / 3]


def test_shares_count_every_past_round_not_just_the_last_three() -> None:
    player = [Move.ROCK] * 5 + [Move.SCISSORS] * 2 + [Move.PAPER]
    history = history_of((move, Move.ROCK, VALUES) for move in player)
    row = build_features(history, VALUES)
    assert row[39:42] == [5 / 8, 1 / 8, 2 / 8]
    assert sum(row[39:42]) == pytest.approx(1.0)


def test_the_bots_moves_do_not_enter_the_players_shares() -> None:
    history = history_of([(Move.PAPER, Move.ROCK, VALUES), (Move.PAPER, Move.SCISSORS, VALUES)])
    assert build_features(history, VALUES)[39:42] == [0.0, 1.0, 0.0]
