from __future__ import annotations

import pytest

from games.engine.features import FEATURE_COUNT, build_features, feature_rows_for_game
from games.engine.history import GameHistory
from games.engine.moves import Move
from tests.engine.builders import values_with

VALUES = values_with(low=Move.SCISSORS, base=1.4)


def test_a_game_without_rounds_has_no_rows() -> None:
    assert feature_rows_for_game([], [], []).shape == (0, FEATURE_COUNT)


def test_the_first_row_describes_an_empty_history() -> None:
    rows = feature_rows_for_game([Move.ROCK], [Move.PAPER], [VALUES])
    assert rows[0].tolist() == build_features(GameHistory(), VALUES)


def test_rounds_that_do_not_line_up_are_refused() -> None:
    with pytest.raises(ValueError, match="same rounds"):
        feature_rows_for_game([Move.ROCK, Move.PAPER], [Move.PAPER], [VALUES, VALUES])


def test_an_unknown_move_is_refused() -> None:
    with pytest.raises(ValueError):
        feature_rows_for_game(["lizard"], [Move.PAPER], [VALUES])


def test_an_unknown_difficulty_is_refused() -> None:
    with pytest.raises(ValueError):
        feature_rows_for_game([Move.ROCK], [Move.PAPER], [VALUES], 10.0, "nightmare")
