from __future__ import annotations

import pytest

from games.engine.moves import (
    MOVES,
    InvalidMove,
    Move,
    Result,
    beaten_by,
    beats,
    parse_move,
    result_of,
)

R, P, S = Move.ROCK, Move.PAPER, Move.SCISSORS

# The whole table, written out by hand from the rules of the game.
RESULTS = {
    (R, R): Result.DRAW,
    (R, P): Result.LOSE,
    (R, S): Result.WIN,
    (P, R): Result.WIN,
    (P, P): Result.DRAW,
    (P, S): Result.LOSE,
    (S, R): Result.LOSE,
    (S, P): Result.WIN,
    (S, S): Result.DRAW,
}


@pytest.mark.parametrize(("player", "bot"), list(RESULTS))
def test_result_of_reads_the_round_from_the_players_side(player: Move, bot: Move) -> None:
    assert result_of(player, bot) is RESULTS[(player, bot)]


def test_rock_beats_scissors_which_beats_paper_which_beats_rock() -> None:
    assert (beats(R), beats(S), beats(P)) == (S, P, R)


def test_beaten_by_names_the_move_that_wins_against_each_move() -> None:
    assert (beaten_by(R), beaten_by(P), beaten_by(S)) == (P, S, R)


@pytest.mark.parametrize("move", MOVES)
def test_beats_and_beaten_by_undo_each_other(move: Move) -> None:
    assert beats(beaten_by(move)) == move
    assert beaten_by(beats(move)) == move
    assert len({move, beats(move), beaten_by(move)}) == 3


def test_moves_are_listed_in_the_fixed_rock_paper_scissors_order() -> None:
    assert MOVES == (R, P, S)


@pytest.mark.parametrize(
    ("text", "move"),
    [
        ("rock", R),
        ("ROCK", R),
        ("Paper", P),
        ("sCiSsOrS", S),
        ("  scissors\n", S),
        (P, P),
    ],
)
def test_parse_move_reads_moves_case_insensitively(text: object, move: Move) -> None:
    assert parse_move(text) is move


@pytest.mark.parametrize("text", ["", "   ", "lizard", "rocks", "r", None, 3, 1.0, b"rock"])
def test_parse_move_refuses_anything_else_with_invalid_move(text: object) -> None:
    with pytest.raises(InvalidMove):
        parse_move(text)


def test_invalid_move_is_a_value_error_so_callers_can_map_it_to_a_400() -> None:
    assert issubclass(InvalidMove, ValueError)
