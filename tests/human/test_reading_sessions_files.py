from __future__ import annotations

from pathlib import Path

from games.engine.moves import Move
from training.human.data import read_sessions

R, P, S = Move.ROCK, Move.PAPER, Move.SCISSORS


def test_plain_and_gzip_files_read_the_same_sessions(sessions_csv: Path, sessions_gz: Path):
    plain = list(read_sessions(sessions_csv))
    compressed = list(read_sessions(sessions_gz))
    assert [s.session for s in plain] == ["1", "2", "3"]
    assert compressed == plain


def test_gzip_is_recognised_by_its_bytes_not_its_name(tmp_path: Path, sessions_gz: Path):
    disguised = tmp_path / "looks-plain.csv"
    disguised.write_bytes(sessions_gz.read_bytes())
    assert [s.session for s in read_sessions(disguised)] == ["1", "2", "3"]


def test_unanswered_rounds_are_skipped_and_the_others_kept_in_order(sessions_csv: Path):
    first = next(iter(read_sessions(sessions_csv)))
    assert first.bot_strategy == "prev_move_positive"
    assert first.unanswered == 2  # round 3 says "none", round 7 is empty
    assert [r.round_index for r in first.rounds] == [1, 2, 4, 5, 6, 8, 9, 10, 11]
    assert [r.human_move for r in first.rounds] == [R, R, P, P, S, S, R, R, P]
    assert first.rounds[2].bot_move == R
    assert first.rounds[2].started_ms == 1582334725000


def test_limit_sessions_reads_only_the_first_ones(sessions_csv: Path):
    assert [s.session for s in read_sessions(sessions_csv, limit_sessions=2)] == ["1", "2"]
