"""Features 27-29 are this round's values; contract v2 no longer carries past rounds' values."""

from __future__ import annotations

from games.engine.features import FEATURE_NAMES, build_features
from games.engine.history import GameHistory
from games.engine.moves import Move
from tests.engine.builders import values_with
from tests.features.builders import history_of

FIRST = values_with(low=Move.ROCK, base=1.1)
NOW = values_with(low=Move.SCISSORS, base=1.3)


def test_this_rounds_values_are_in_rock_paper_scissors_order() -> None:
    row = build_features(GameHistory(), NOW)
    assert row[27:30] == [NOW.rock, NOW.paper, NOW.scissors]


def test_past_values_do_not_leak_into_this_rounds() -> None:
    history = history_of([(Move.ROCK, Move.PAPER, FIRST)])
    assert build_features(history, NOW)[27:30] == list(NOW.as_tuple())


def test_no_feature_names_a_past_rounds_value() -> None:
    assert not [name for name in FEATURE_NAMES if name.startswith("value_lag")]
