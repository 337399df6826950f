from __future__ import annotations

import uuid
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from games.engine.moves import MOVES, beaten_by, beats
from games.engine.round_values import BASES, deterministic_round_points

game_ids = st.one_of(st.integers(), st.text(max_size=40), st.uuids())
round_numbers = st.integers(min_value=1, max_value=10**6)


@settings(max_examples=200, deadline=None)
@given(game_id=game_ids, round_no=round_numbers)
def test_round_values_are_the_same_every_time_they_are_asked_for(
    game_id: object, round_no: int
) -> None:
    assert deterministic_round_points(game_id, round_no) == deterministic_round_points(
        game_id, round_no
    )


@settings(max_examples=200, deadline=None)
@given(game_id=game_ids, round_no=round_numbers)
def test_round_values_are_one_low_move_a_base_and_base_plus_a_half(
    game_id: object, round_no: int
) -> None:
    values = deterministic_round_points(game_id, round_no)
    low, base, top = sorted(values.as_tuple())
    assert low == 1.0
    assert base in {1.1, 1.2, 1.3, 1.4, 1.5}
    assert top == round(base + 0.5, 1)


@settings(max_examples=200, deadline=None)
@given(game_id=game_ids, round_no=round_numbers)
def test_the_most_valuable_move_is_the_one_the_low_move_beats(
    game_id: object, round_no: int
) -> None:
    values = deterministic_round_points(game_id, round_no)
    low = next(move for move in MOVES if values.of(move) == 1.0)
    top = max(MOVES, key=values.of)
    assert top == beats(low)
    assert values.of(beaten_by(low)) == round(values.of(top) - 0.5, 1)
    assert values.ranked() == (top, beaten_by(low), low)


@settings(max_examples=50, deadline=None)
@given(game_id=game_ids, round_no=st.integers(max_value=0))
def test_round_numbers_below_one_are_refused(game_id: object, round_no: int) -> None:
    with pytest.raises(ValueError):
        deterministic_round_points(game_id, round_no)


def test_every_move_can_be_the_low_one_and_every_base_occurs() -> None:
    lows: Counter[object] = Counter()
    bases: Counter[float] = Counter()
    game_id = uuid.UUID(int=7)
    for round_no in range(1, 601):
        values = deterministic_round_points(game_id, round_no)
        lows[values.lowest()] += 1
        bases[values.of(values.middle())] += 1
    assert set(lows) == set(MOVES)
    assert set(bases) == set(BASES)
    # A fair hash: no move or base is starved (600 rounds, 200 / 120 expected each).
    assert min(lows.values()) > 150
    assert min(bases.values()) > 80


def test_different_rounds_and_games_get_different_values() -> None:
    by_round = {deterministic_round_points(1, n) for n in range(1, 40)}
    by_game = {deterministic_round_points(g, 1) for g in range(40)}
    assert len(by_round) > 5
    assert len(by_game) > 5
