from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from games.models import Game

pytestmark = pytest.mark.django_db


def _run(*args: str) -> list[str]:
    out = StringIO()
    call_command("simulate_games", *args, stdout=out)
    return out.getvalue().splitlines()


def test_it_prints_progress_after_each_game_and_a_final_summary():
    lines = _run("--opponent", "Ace", "--policy", "forrest", "--count", "3")

    assert lines[:3] == [
        "Ace vs forrest: 1/3 games",
        "Ace vs forrest: 2/3 games",
        "Ace vs forrest: 3/3 games",
    ]
    assert lines[3].startswith("Simulated 3 games, ")
    assert Game.objects.filter(player__name="Ace", policy="forrest", status="finished").count() == 3


def test_all_opponents_play_the_chosen_policy():
    lines = _run("--opponent", "all", "--policy", "logan", "--count", "1")

    assert [line for line in lines if line.endswith("1/1 games")] == [
        f"{name} vs logan: 1/1 games"
        for name in ("Ace", "Bob", "Cal", "Dan", "Edd", "Fox", "Gus", "Hal")
    ]
    assert Game.objects.filter(policy="logan").count() == 8


def test_names_are_case_insensitive_and_easy_mode_can_be_asked_for():
    _run("--opponent", "edd", "--policy", "all", "--count", "1", "--difficulty", "easy")

    games = Game.objects.all()
    assert sorted(games.values_list("policy", flat=True)) == ["brian", "forrest", "logan"]
    assert set(games.values_list("player__name", "difficulty_mode")) == {("Edd", "easy")}


def test_an_unknown_opponent_is_a_command_error():
    with pytest.raises(CommandError, match="unknown opponent 'Zed'"):
        _run("--opponent", "Zed", "--policy", "forrest", "--count", "1")

    assert Game.objects.count() == 0


def test_a_count_below_one_is_a_command_error():
    with pytest.raises(CommandError, match="count must be an integer of at least 1"):
        _run("--opponent", "Ace", "--policy", "forrest", "--count", "0")
