"""Counts worked out by hand on data/sessions.csv (see conftest.py for its moves)."""

from __future__ import annotations

from pathlib import Path

import pytest

from games.engine.moves import Move, beaten_by
from games.engine.round_values import deterministic_round_points
from tests.human.models import RepeatsLastMove
from training.human.data import evaluate_games, games_from_file


def test_a_model_that_repeats_the_last_move_in_nine_rounds_of_two_games(sessions_csv: Path):
    evaluation = evaluate_games(
        games_from_file(sessions_csv, game_rounds=25), RepeatsLastMove(), target=10.0
    )
    # Session 1, rounds 4-9: P S S R R P after P P S S R R -> 3 repeats; the frequency
    # baseline says R, R, R, R, R, R -> 2. Session 2, rounds 4-6: S S R after S S S -> 2
    # repeats; the baseline says P, P, S -> 0.
    assert (evaluation.sessions, evaluation.games, evaluation.rounds) == (2, 2, 9)
    assert evaluation.model.correct == 5
    assert evaluation.baseline.correct == 2
    assert evaluation.summary_line() == "accuracy=0.556 baseline=0.222 rounds=9"


def test_every_game_starts_from_an_empty_history(sessions_csv: Path):
    evaluation = evaluate_games(
        games_from_file(sessions_csv, game_rounds=4), RepeatsLastMove(), target=10.0
    )
    # Round 4 of games RRPP, SSRR and PPSS: the third move is repeated every time, while the
    # baseline's counts start afresh in each game: R, S, P -> all wrong.
    assert (evaluation.games, evaluation.rounds) == (3, 3)
    assert (evaluation.model.correct, evaluation.baseline.correct) == (3, 0)


def test_points_are_what_countering_the_prediction_would_have_scored(sessions_csv: Path):
    evaluation = evaluate_games(
        games_from_file(sessions_csv, game_rounds=4), RepeatsLastMove(), target=10.0
    )
    # Every prediction was right, so the bot won each round with the move beating the person's.
    won = [("human:1:0", Move.PAPER), ("human:1:1", Move.ROCK), ("human:2:0", Move.SCISSORS)]
    expected = sum(deterministic_round_points(gid, 4).of(beaten_by(m)) for gid, m in won)
    assert evaluation.model.points == pytest.approx(expected)
    # The baseline predicted R, S, P against P, R, S: its counter move drew every round.
    assert evaluation.baseline.points_per_round(evaluation.rounds) == pytest.approx(0.5)


def test_a_file_whose_sessions_are_too_short_evaluates_no_rounds(
    tmp_path: Path, sessions_csv: Path
):
    lines = sessions_csv.read_text(encoding="utf-8").splitlines()
    only_session_3 = tmp_path / "short.csv"
    only_session_3.write_text(
        "\n".join([lines[0], *(line for line in lines[1:] if line.startswith("3,"))]) + "\n",
        encoding="utf-8",
    )
    evaluation = evaluate_games(
        games_from_file(only_session_3, game_rounds=25), RepeatsLastMove(), target=10.0
    )
    assert (evaluation.games, evaluation.rounds) == (0, 0)
    assert evaluation.summary_line() == "accuracy=0.000 baseline=0.000 rounds=0"
