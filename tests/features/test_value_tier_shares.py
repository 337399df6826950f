from __future__ import annotations

from games.engine.features import build_features, value_tiers
from games.engine.history import GameHistory
from games.engine.moves import Move
from tests.engine.builders import values_with
from tests.features.builders import history_of

# With rock low (1.0) and base 1.2: scissors 1.7 (rock's victim), paper 1.2.
ROCK_LOW = values_with(low=Move.ROCK, base=1.2)
# With paper low and base 1.5: rock 2.0, scissors 1.5.
PAPER_LOW = values_with(low=Move.PAPER, base=1.5)
# With scissors low and base 1.1: paper 1.6, rock 1.1.
SCISSORS_LOW = values_with(low=Move.SCISSORS, base=1.1)


def test_the_tiers_are_the_top_move_its_beater_and_the_beaters_beater() -> None:
    assert value_tiers(ROCK_LOW) == (Move.SCISSORS, Move.ROCK, Move.PAPER)
    assert value_tiers(PAPER_LOW) == (Move.ROCK, Move.PAPER, Move.SCISSORS)
    assert value_tiers(SCISSORS_LOW) == (Move.PAPER, Move.SCISSORS, Move.ROCK)


def test_each_round_is_judged_by_its_own_values() -> None:
    history = history_of(
        [
            (Move.SCISSORS, Move.ROCK, ROCK_LOW),  # scissors is worth most: the top move
            (Move.PAPER, Move.ROCK, PAPER_LOW),  # rock is worth most; paper beats it
            (Move.ROCK, Move.ROCK, SCISSORS_LOW),  # paper top, scissors beats it, rock beats that
            (Move.PAPER, Move.PAPER, SCISSORS_LOW),  # paper is the top move again
        ]
    )
    # This round's values (rock low) must not re-judge the past.
    row = build_features(history, ROCK_LOW)
    assert row[42:45] == [2 / 4, 1 / 4, 1 / 4]


def test_the_same_move_counts_in_different_tiers_as_values_change() -> None:
    history = history_of(
        [
            (Move.ROCK, Move.PAPER, PAPER_LOW),
            (Move.ROCK, Move.PAPER, ROCK_LOW),
            (Move.ROCK, Move.PAPER, SCISSORS_LOW),
        ]
    )
    assert build_features(history, PAPER_LOW)[42:45] == [1 / 3, 1 / 3, 1 / 3]


def test_with_no_history_the_tier_shares_are_zero() -> None:
    assert build_features(GameHistory(), ROCK_LOW)[42:45] == [0.0, 0.0, 0.0]
