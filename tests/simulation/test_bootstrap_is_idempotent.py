from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from games.models import Game
from games.simulation import simulation_run

pytestmark = pytest.mark.django_db


def _bootstrap() -> str:
    out = StringIO()
    call_command("bootstrap", stdout=out)
    return out.getvalue()


@pytest.fixture
def one_game_per_pair(settings, monkeypatch):
    settings.BOOTSTRAP_GAMES_PER_PAIR = 1
    for name in ("DJANGO_SUPERUSER_USERNAME", "DJANGO_SUPERUSER_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


def test_the_first_run_simulates_every_pair_and_the_second_simulates_nothing(one_game_per_pair):
    first = _bootstrap()
    after_first = Game.objects.count()
    second = _bootstrap()

    assert after_first == 24
    assert Game.objects.count() == after_first
    assert first.startswith("[1/") and "] simulate games" in first.splitlines()[0]
    assert "Hal vs logan: 1/1 games" in first
    assert "nothing to do" in second
    assert "Bootstrap complete." in second


def test_it_tops_up_only_the_pairs_that_lack_games(one_game_per_pair):
    simulation_run(opponent="Ace", policy="brian", count=1)

    output = _bootstrap()

    assert "Ace vs brian" not in output
    assert Game.objects.count() == 24
    assert Game.objects.filter(player__name="Ace", policy="brian").count() == 1


def test_test_games_do_not_count_as_bootstrap_data(one_game_per_pair):
    simulation_run(opponent="Ace", policy="brian", count=1, is_test=True)

    _bootstrap()

    assert Game.objects.filter(player__name="Ace", policy="brian", is_test=False).count() == 1


def test_without_superuser_variables_no_account_is_made(one_game_per_pair, settings):
    settings.BOOTSTRAP_GAMES_PER_PAIR = 0

    output = _bootstrap()

    assert not get_user_model().objects.exists()
    assert "superuser" not in output
