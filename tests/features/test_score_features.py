from __future__ import annotations

from games.engine.features import build_features
from games.engine.history import DifficultyMode, GameHistory
from games.engine.moves import Move
from tests.engine.builders import values_with
from tests.features.builders import history_of

VALUES = values_with(low=Move.ROCK, base=1.3)  # rock 1.0, paper 1.3, scissors 1.8


def test_a_new_game_needs_the_whole_target_on_both_sides_in_round_one() -> None:
    row = build_features(GameHistory(target=10.0), VALUES)
    assert row[45:49] == [0.0, 10.0, 10.0, 1.0]


def test_scores_difference_needs_and_round_number_follow_the_history() -> None:
    history = history_of(
        [
            (Move.SCISSORS, Move.PAPER, VALUES),  # player wins 1.8
            (Move.ROCK, Move.PAPER, VALUES),  # bot wins 1.3
            (Move.PAPER, Move.PAPER, VALUES),  # draw: 0.5 each
        ]
    )
    assert (history.player_score, history.bot_score) == (2.3, 1.8)
    row = build_features(history, VALUES)
    assert row[45] == history.player_score - history.bot_score
    assert row[46] == 10.0 - 2.3
    assert row[47] == 10.0 - 1.8
    assert row[48] == 4.0


def test_points_still_needed_never_go_below_zero() -> None:
    history = history_of([(Move.SCISSORS, Move.PAPER, VALUES)] * 2, target=3.0)
    row = build_features(history, VALUES)
    assert history.player_score == 3.6
    assert row[46] == 0.0
    assert row[47] == 3.0


def test_the_easy_flag_is_one_only_in_easy_mode() -> None:
    easy = build_features(GameHistory(difficulty_mode=DifficultyMode.EASY), VALUES)
    standard = build_features(GameHistory(difficulty_mode=DifficultyMode.STANDARD), VALUES)
    assert (easy[49], standard[49]) == (1.0, 0.0)
    assert easy[:49] == standard[:49]
