from __future__ import annotations

from pathlib import Path

import pytest

from games.models import Game
from games.player_filters import IMPORTED_SOURCES, analytics_games, is_imported_source
from games.selectors import bot_win_rates, leaderboard
from tests.factories import PlayerFactory, finished_game
from training.human.importer import human_sessions_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported_and_live(settings, sessions_csv: Path) -> Game:
    # The recorded sessions are from 2020: open the window so that only the source keeps
    # them out.
    settings.METRICS_SINCE_DATE = "2000-01-01T00:00:00Z"
    human_sessions_import(path=sessions_csv, game_rounds=4)
    return finished_game(player=PlayerFactory(name="Alice"))


def test_imported_people_are_not_on_the_leaderboard(imported_and_live: Game):
    assert [row["player_name"] for row in leaderboard(limit=50)] == ["Alice"]


def test_imported_games_do_not_count_in_bot_win_rates(imported_and_live: Game):
    assert [row["games"] for row in bot_win_rates()] == [1]


def test_the_analytics_filter_keeps_only_the_live_game(imported_and_live: Game):
    assert Game.objects.count() == 4
    assert list(analytics_games().values_list("pk", flat=True)) == [imported_and_live.pk]


def test_the_import_source_is_recognised_and_the_web_is_not():
    assert IMPORTED_SOURCES == ("human-rps", "human-rps-holdout")
    assert is_imported_source("human-rps")
    assert is_imported_source("human-rps-holdout")
    assert not is_imported_source("web")
