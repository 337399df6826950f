from __future__ import annotations

from pathlib import Path

import pytest

from games.models import Game, Player, Round
from training.human.importer import human_sessions_import

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return Player.objects.count(), Game.objects.count(), Round.objects.count()


def test_importing_the_same_file_twice_adds_nothing_the_second_time(sessions_csv: Path):
    human_sessions_import(path=sessions_csv, game_rounds=4)
    before = _counts()
    again = human_sessions_import(path=sessions_csv, game_rounds=4)
    assert _counts() == before == (2, 3, 12)
    assert (again.imported, again.skipped, again.games, again.rounds) == (0, 2, 0, 0)


def test_a_later_run_completes_an_import_that_stopped_early(sessions_csv: Path, sessions_gz):
    human_sessions_import(path=sessions_csv, game_rounds=4, limit_sessions=1)
    assert list(Player.objects.values_list("name", flat=True)) == ["human-rps-1"]
    rest = human_sessions_import(path=sessions_gz, game_rounds=4)
    assert (rest.skipped, rest.imported, rest.games) == (1, 1, 1)
    assert _counts() == (2, 3, 12)
