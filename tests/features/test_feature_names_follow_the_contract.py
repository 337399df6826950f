from __future__ import annotations

from games.engine.features import (
    FEATURE_CONTRACT_VERSION,
    FEATURE_COUNT,
    FEATURE_INDEX,
    FEATURE_NAMES,
    build_features,
)
from games.engine.history import GameHistory
from games.engine.moves import Move
from tests.engine.builders import values_with


def test_there_are_fifty_distinct_names_under_contract_version_two() -> None:
    assert FEATURE_CONTRACT_VERSION == "2"
    assert FEATURE_COUNT == 50
    assert len(FEATURE_NAMES) == 50
    assert len(set(FEATURE_NAMES)) == 50
    assert all(FEATURE_INDEX[name] == i for i, name in enumerate(FEATURE_NAMES))


def test_the_blocks_come_in_the_contracts_order() -> None:
    moves = ("rock", "paper", "scissors")
    expected = [
        *(f"player_move_lag{lag}_{move}" for lag in (1, 2, 3) for move in moves),
        *(f"bot_move_lag{lag}_{move}" for lag in (1, 2, 3) for move in moves),
        *(f"result_lag{lag}_{result}" for lag in (1, 2, 3) for result in ("win", "lose", "draw")),
        *(f"value_{move}" for move in moves),
        # Contract v2: the habit block replaced v1's values of the last three rounds.
        *(f"habit_best_{move}" for move in moves),
        *(f"habit_best_after_result_{move}" for move in moves),
        *(f"habit_vote_{move}" for move in moves),
        *(f"player_share_{move}" for move in moves),
        "player_share_most_valuable",
        "player_share_beater_of_most_valuable",
        "player_share_beater_of_beater",
        "score_difference",
        "player_points_needed",
        "bot_points_needed",
        "round_no",
        "easy_mode",
    ]
    assert list(FEATURE_NAMES) == expected


def test_the_easy_mode_flag_is_the_last_feature() -> None:
    assert FEATURE_NAMES[49] == "easy_mode"
    assert FEATURE_INDEX["easy_mode"] == 49


def test_a_row_has_one_float_per_name() -> None:
    row = build_features(GameHistory(), values_with(low=Move.PAPER, base=1.3))
    assert len(row) == len(FEATURE_NAMES)
    assert all(type(x) is float for x in row)
