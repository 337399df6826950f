from __future__ import annotations

import pytest

from games.models import Game, Player
from games.simulation import bootstrap_games_top_up, simulation_run, simulation_run_pairs

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"opponent": "Zed"}, "unknown opponent 'Zed': expected one of Ace, Bob"),
        ({"opponent": "ace"}, "unknown opponent 'ace'"),
        ({"policy": "marvin"}, "unknown policy 'marvin'"),
        ({"count": 0}, "count must be an integer of at least 1, got 0"),
        ({"count": -3}, "count must be an integer of at least 1, got -3"),
        ({"count": True}, "count must be an integer of at least 1, got True"),
        ({"difficulty_mode": "hard"}, "unknown difficulty_mode 'hard'"),
    ],
)
def test_it_refuses_bad_input_with_a_clear_message_and_writes_nothing(kwargs, message):
    arguments = {"opponent": "Ace", "policy": "forrest", "count": 1, **kwargs}

    with pytest.raises(ValueError, match=message):
        simulation_run(**arguments)

    assert Game.objects.count() == 0
    assert Player.objects.count() == 0


def test_a_bad_name_anywhere_in_a_batch_stops_it_before_the_first_game():
    with pytest.raises(ValueError, match="unknown opponent 'Zed'"):
        simulation_run_pairs(opponents=["Ace", "Zed"], policies=["forrest"], count=1)

    assert Game.objects.count() == 0


def test_the_bootstrap_top_up_refuses_a_negative_target():
    with pytest.raises(ValueError, match="at least 0, got -1"):
        bootstrap_games_top_up(games_per_pair=-1)
