from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from games.models import Game
from training.human.data import evaluate_games, games_from_file
from training.learning.families import family_class

pytestmark = pytest.mark.django_db

LAST_LINE = re.compile(r"accuracy=(\d\.\d{3}) baseline=(\d\.\d{3}) rounds=(\d+)")


def _evaluate(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("evaluate_human", *args, stdout=out)
    return out.getvalue().splitlines()


def test_the_last_line_gives_accuracy_baseline_and_rounds(sessions_gz: Path, mnlogit_dir: Path):
    lines = _evaluate(str(sessions_gz), "--family", "mnlogit", "--model-dir", str(mnlogit_dir))
    match = LAST_LINE.fullmatch(lines[-1])
    assert match is not None, lines[-1]
    expected = evaluate_games(
        games_from_file(sessions_gz, game_rounds=25),
        family_class("mnlogit").load(mnlogit_dir),
        target=10.0,
    )
    assert lines[-1] == expected.summary_line()
    # The baseline and the round count of the fixture, by hand (test_evaluation_counts.py).
    assert match.group(2, 3) == ("0.222", "9")
    assert any(line.startswith("n-gram (order 2)") for line in lines)
    assert not Game.objects.exists()  # nothing stored


def test_game_rounds_and_limit_sessions_reach_the_replay(sessions_csv: Path, mnlogit_dir: Path):
    lines = _evaluate(
        str(sessions_csv), "--family", "mnlogit", "--model-dir", str(mnlogit_dir),
        "--game-rounds", "4", "--limit-sessions", "1",
    )  # fmt: skip
    assert lines[-1].endswith(" rounds=2")  # games RRPP and SSRR of session 1


def test_alias_and_version_together_are_refused(sessions_csv: Path):
    with pytest.raises(CommandError, match="not allowed with argument"):
        _evaluate(str(sessions_csv), "--family", "mnlogit", "--alias", "B", "--version", "1")


def test_a_version_the_registry_does_not_know_is_a_command_error(sessions_csv: Path):
    with pytest.raises(CommandError, match="no mnlogit model"):
        _evaluate(str(sessions_csv), "--family", "mnlogit", "--version", "999")


def test_an_artifact_of_another_family_is_a_command_error(sessions_csv: Path, mnlogit_dir: Path):
    with pytest.raises(CommandError, match="cannot load"):
        _evaluate(str(sessions_csv), "--family", "xgboost", "--model-dir", str(mnlogit_dir))
