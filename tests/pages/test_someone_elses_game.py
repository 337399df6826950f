from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from .conftest import move_url, play_url

pytestmark = pytest.mark.django_db


def test_another_browser_cannot_see_the_game(client, start_web_game) -> None:
    game = start_web_game(client)

    response = Client().get(play_url(game))

    assert response.status_code == 403
    assert "This is not your game" in response.content.decode()


def test_another_browser_with_games_of_its_own_cannot_move(client, start_web_game) -> None:
    game = start_web_game(client)
    other = Client()
    start_web_game(other, player_name="Otto")

    response = other.post(move_url(game), {"move": "rock", "round_no": 1})

    assert response.status_code == 403
    assert not game.rounds.exists()


def test_a_browser_without_any_game_cannot_move(client, start_web_game) -> None:
    game = start_web_game(client)

    response = Client().post(move_url(game), {"move": "rock", "round_no": 1})

    assert response.status_code == 403
    assert not game.rounds.exists()


def test_an_unknown_game_is_not_found(client, start_web_game) -> None:
    game = start_web_game(client)

    response = client.get(reverse("pages:play", kwargs={"game_id": game.pk + 1000}))

    assert response.status_code == 404
    assert "No such game" in response.content.decode()
