from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from games.engine.moves import MOVES, Move, Result, beats
from games.engine.scoring import Winner, add_points, is_finished, score_round, winner_of
from tests.engine.builders import values_with

VALUES = values_with(low=Move.ROCK, base=1.3)  # rock 1.0, paper 1.3, scissors 1.8


@pytest.mark.parametrize("move", MOVES)
def test_a_draw_gives_each_side_half_a_point(move: Move) -> None:
    score = score_round(move, move, VALUES)
    assert (score.result, score.player_delta, score.bot_delta) == (Result.DRAW, 0.5, 0.5)


@pytest.mark.parametrize("move", MOVES)
def test_a_winning_player_gains_the_value_of_the_move_they_won_with(move: Move) -> None:
    score = score_round(move, beats(move), VALUES)
    assert (score.result, score.player_delta, score.bot_delta) == (
        Result.WIN,
        VALUES.of(move),
        0.0,
    )


@pytest.mark.parametrize("move", MOVES)
def test_a_winning_bot_gains_the_value_of_the_move_it_won_with(move: Move) -> None:
    score = score_round(beats(move), move, VALUES)
    assert (score.result, score.player_delta, score.bot_delta) == (
        Result.LOSE,
        0.0,
        VALUES.of(move),
    )


def test_adding_tenths_does_not_drift_away_from_one_decimal() -> None:
    score = 0.0
    for _ in range(100):
        score = add_points(score, 0.1)
    assert score == 10.0


def test_the_game_is_on_while_neither_side_has_reached_the_target() -> None:
    assert winner_of(9.9, 9.9, 10.0) is None
    assert not is_finished(9.9, 9.9, 10.0)


def test_the_side_that_reaches_the_target_wins() -> None:
    assert winner_of(10.0, 3.0, 10.0) is Winner.USER
    assert winner_of(2.0, 11.2, 10.0) is Winner.BOT


def test_when_both_reach_the_target_the_higher_score_wins() -> None:
    assert winner_of(10.1, 10.0, 10.0) is Winner.USER
    assert winner_of(10.0, 10.4, 10.0) is Winner.BOT


def test_when_both_reach_the_target_level_it_is_a_tie() -> None:
    assert winner_of(10.0, 10.0, 10.0) is Winner.TIE


tenths = st.integers(min_value=0, max_value=250).map(lambda n: n / 10)


@settings(max_examples=300, deadline=None)
@given(player=tenths, bot=tenths, target=tenths.filter(lambda t: t > 0))
def test_winner_of_follows_first_to_target_rules(player: float, bot: float, target: float) -> None:
    winner = winner_of(player, bot, target)
    if player < target and bot < target:
        assert winner is None
    elif player > bot:
        assert winner is Winner.USER
    elif bot > player:
        assert winner is Winner.BOT
    else:
        assert winner is Winner.TIE
