"""``manage.py bootstrap`` imports the human training sessions of BOOTSTRAP_HUMAN_SESSIONS_FILE
once; a second run, an empty setting or a missing file import nothing and stop nothing."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from games.models import Game, Player

pytestmark = pytest.mark.django_db

STEP = "import the recorded human training sessions ..."


@pytest.fixture
def no_games(settings, monkeypatch) -> None:
    settings.BOOTSTRAP_GAMES_PER_PAIR = 0
    for name in ("DJANGO_SUPERUSER_USERNAME", "DJANGO_SUPERUSER_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def two_sessions(tmp_path: Path, settings) -> Path:
    """Session 7 (trained on) and session 8 (held out), 25 rounds each: one game apiece."""
    lines = ["session,round_index,bot_strategy,human_move,bot_move,human_outcome,started_ms"]
    for session in (7, 8):
        lines += [f"{session},{i},s,rock,paper,loss,{1582334697489 + i}" for i in range(1, 26)]
    path = tmp_path / "sessions.csv"
    path.write_text("\n".join(lines) + "\n")
    settings.BOOTSTRAP_HUMAN_SESSIONS_FILE = str(path)
    return path


def _bootstrap() -> list[str]:
    out = StringIO()
    call_command("bootstrap", stdout=out)
    return out.getvalue().splitlines()


def _outcome_of_the_import(lines: list[str]) -> str:
    at = next(i for i, line in enumerate(lines) if line.endswith(STEP))
    return lines[at + 1].strip()


def test_the_first_run_imports_and_the_second_finds_everything_there(no_games, two_sessions):
    first = _bootstrap()
    games = Game.objects.count()
    second = _bootstrap()

    assert _outcome_of_the_import(first) == (
        "1 training sessions imported (1 games, 25 rounds), 0 already there, "
        "1 held-out sessions left out"
    )
    assert _outcome_of_the_import(second).startswith("0 training sessions imported (0 games")
    assert "1 already there" in _outcome_of_the_import(second)
    assert games == Game.objects.count() == 1
    assert list(Player.objects.values_list("name", flat=True)) == ["human-rps-7"]
    assert second[-1] == "Bootstrap complete."


def test_an_empty_setting_imports_nothing(no_games, settings):
    settings.BOOTSTRAP_HUMAN_SESSIONS_FILE = ""

    lines = _bootstrap()

    assert _outcome_of_the_import(lines) == "skipped: BOOTSTRAP_HUMAN_SESSIONS_FILE is empty"
    assert not Player.objects.exists()


def test_a_missing_file_is_reported_and_the_rest_still_runs(no_games, settings, tmp_path):
    settings.BOOTSTRAP_HUMAN_SESSIONS_FILE = str(tmp_path / "gone.csv.gz")

    lines = _bootstrap()

    assert _outcome_of_the_import(lines) == f"skipped: no such file {tmp_path / 'gone.csv.gz'}"
    assert lines[-1] == "Bootstrap complete."
