from __future__ import annotations

import re

import pytest
from django.urls import resolve, reverse

from games.engine.moves import MOVES
from games.engine.round_values import deterministic_round_points
from games.models import Game

from .conftest import play_url

pytestmark = pytest.mark.django_db


def test_starting_a_game_opens_its_play_page_with_the_first_rounds_values(
    client, start_web_game
) -> None:
    game = start_web_game(client, policy="logan", difficulty_mode="easy", player_name="Tess")

    assert (game.policy, game.family, game.difficulty_mode) == ("logan", "mnlogit", "easy")
    assert game.player.name == "Tess"
    response = client.get(play_url(game))
    assert response.status_code == 200
    values = deterministic_round_points(game.pk, 1)
    assert response.context["values"] == values
    content = response.content.decode()
    for move in MOVES:
        assert f'data-move="{move}" data-value="{values.of(move):.1f}"' in content
    assert content.count('<input type="hidden" name="round_no" value="1">') == 3


def test_the_play_page_names_the_pinned_model_and_links_its_dashboard(
    client, start_web_game
) -> None:
    game = start_web_game(client, policy="forrest")

    content = client.get(play_url(game)).content.decode()

    assert "<dd>forrest</dd>" in content
    assert "<code>xgboost</code>" in content
    assert f"<code>{game.model_alias}</code>" in content
    # No registry version yet: the frequency baseline answers.
    assert game.model_version == ""
    assert "frequency baseline" in content
    dashboard = re.search(r'<a href="([^"]+)" id="model-dashboard"', content)
    assert dashboard is not None
    link = resolve(dashboard.group(1))
    assert (link.namespace, link.kwargs["family"]) == ("dashboards", "xgboost")


def test_one_browser_keeps_one_player_across_games(client, start_web_game) -> None:
    first = start_web_game(client, player_name="Tess")
    second = start_web_game(client, player_name="Tessa")

    assert first.player_id == second.player_id
    assert Game.objects.get(pk=second.pk).player.name == "Tessa"


def test_a_signed_in_user_plays_as_their_own_player(
    client, django_user_model, start_web_game
) -> None:
    user = django_user_model.objects.create_user(username="uma", password="x-unused-x")
    client.force_login(user)

    game = start_web_game(client, player_name="")

    assert game.player.user == user
    assert game.player.name == "uma"


def test_a_scripted_opponents_name_is_refused(client) -> None:
    games_before = Game.objects.count()

    response = client.post(
        reverse("pages:home"),
        {"policy": "brian", "difficulty_mode": "standard", "player_name": "Ace"},
    )

    assert response.status_code == 400
    assert "reserved for simulated players" in response.content.decode()
    assert Game.objects.count() == games_before


def test_an_unknown_bot_is_refused(client) -> None:
    games_before = Game.objects.count()

    response = client.post(
        reverse("pages:home"),
        {"policy": "zorro", "difficulty_mode": "standard", "player_name": "Tess"},
    )

    assert response.status_code == 400
    assert "Choose a listed bot." in response.content.decode()
    assert Game.objects.count() == games_before
