from __future__ import annotations

from pathlib import Path

import pytest

from training.human.data import HumanDataError, read_sessions

HEADER = "session,round_index,bot_strategy,human_move,bot_move,human_outcome,started_ms\n"


def _file(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "sessions.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_a_file_without_the_columns_is_refused(tmp_path: Path):
    path = _file(tmp_path, "1,1,rock\n", header="session,round_index,human_move\n")
    with pytest.raises(HumanDataError, match="missing columns bot_strategy, bot_move"):
        list(read_sessions(path))


def test_an_outcome_that_does_not_follow_from_the_moves_is_refused(tmp_path: Path):
    path = _file(tmp_path, "1,1,x,rock,scissors,loss,1000\n")
    with pytest.raises(HumanDataError, match="line 2: outcome 'loss'"):
        list(read_sessions(path))


def test_an_unknown_move_is_refused_with_its_line(tmp_path: Path):
    path = _file(tmp_path, "1,1,x,rock,rock,tie,1000\n1,2,x,lizard,rock,win,2000\n")
    with pytest.raises(HumanDataError, match="line 3: human_move 'lizard'"):
        list(read_sessions(path))


def test_a_session_split_across_the_file_is_refused(tmp_path: Path):
    body = "1,1,x,rock,rock,tie,1000\n2,1,x,rock,rock,tie,1000\n1,2,x,rock,rock,tie,2000\n"
    with pytest.raises(HumanDataError, match="session 1 is not contiguous"):
        list(read_sessions(_file(tmp_path, body)))


def test_a_repeated_round_is_refused(tmp_path: Path):
    body = "1,1,x,rock,rock,tie,1000\n1,1,x,paper,rock,win,2000\n"
    with pytest.raises(HumanDataError, match="session 1 repeats round 1"):
        list(read_sessions(_file(tmp_path, body)))


def test_a_row_with_missing_fields_is_refused(tmp_path: Path):
    with pytest.raises(HumanDataError, match="line 2: expected 7 fields"):
        list(read_sessions(_file(tmp_path, "1,1,x,rock\n")))
