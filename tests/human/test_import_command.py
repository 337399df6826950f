from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from games.models import Game

pytestmark = pytest.mark.django_db


def test_the_command_reports_progress_and_a_summary(sessions_gz: Path):
    out = io.StringIO()
    call_command(
        "import_human_sessions", str(sessions_gz), "--game-rounds", "4", "--progress-every", "2",
        stdout=out,
    )  # fmt: skip
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("2 sessions: 3 games, 12 rounds (")
    assert lines[-1].startswith(
        "Imported 3 sessions read: 2 imported, 0 already there, 1 too short; 3 games, 12 rounds in"
    )
    assert Game.objects.count() == 3


def test_limit_sessions_imports_only_the_first_ones(sessions_csv: Path):
    call_command(
        "import_human_sessions", str(sessions_csv), "--limit-sessions", "1", stdout=io.StringIO()
    )
    assert list(Game.objects.values_list("player__name", flat=True)) == ["human-rps-1"]


def test_a_missing_file_is_a_command_error(tmp_path: Path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_human_sessions", str(tmp_path / "absent.csv"))


def test_too_short_games_are_a_command_error(sessions_csv: Path):
    with pytest.raises(CommandError, match="at least 4 rounds"):
        call_command("import_human_sessions", str(sessions_csv), "--game-rounds", "2")
    assert not Game.objects.exists()
