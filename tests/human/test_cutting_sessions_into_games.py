from __future__ import annotations

from pathlib import Path

import pytest

from games.engine.moves import Move
from training.human.data import games_from_file, read_sessions, session_games

R, P, S = Move.ROCK, Move.PAPER, Move.SCISSORS


def test_sessions_are_cut_into_consecutive_games_and_short_ends_dropped(sessions_csv: Path):
    games = list(games_from_file(sessions_csv, game_rounds=4))
    assert [(g.session, g.game_index) for g in games] == [("1", 0), ("1", 1), ("2", 0)]
    assert [g.human_moves for g in games] == [(R, R, P, P), (S, S, R, R), (P, P, S, S)]
    # Session 1's ninth move (P) and session 2's last two (S, R) are too few for a game.
    assert games[1].bot_moves == (R, P, S, P)
    assert games[1].started_ms[0] == 1582334739000
    assert games[1].synthetic_id == "human:1:1"


def test_a_final_game_of_four_rounds_is_kept(sessions_csv: Path):
    first = next(iter(read_sessions(sessions_csv)))
    assert [len(g) for g in session_games(first, 5)] == [5, 4]


def test_sessions_shorter_than_a_game_make_one_shorter_game_or_none(sessions_csv: Path):
    games = list(games_from_file(sessions_csv, game_rounds=25))
    assert [(g.session, len(g)) for g in games] == [("1", 9), ("2", 6)]


def test_games_of_fewer_than_four_rounds_are_refused(sessions_csv: Path):
    with pytest.raises(ValueError, match="at least 4 rounds"):
        list(games_from_file(sessions_csv, game_rounds=3))
