from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import resolve, reverse

from games.models import Game

StartWebGame = Callable[..., Game]


@pytest.fixture
def start_web_game() -> StartWebGame:
    """Start a game the way a browser does: POST the home form, follow nothing."""

    def start(
        client: Client,
        *,
        policy: str = "forrest",
        difficulty_mode: str = "standard",
        player_name: str = "Tess",
    ) -> Game:
        response = client.post(
            reverse("pages:home"),
            {"policy": policy, "difficulty_mode": difficulty_mode, "player_name": player_name},
        )
        assert response.status_code == 302, response.content.decode()
        match = resolve(response.url)
        assert match.view_name == "pages:play"
        return Game.objects.select_related("player").get(pk=match.kwargs["game_id"])

    return start


def move_url(game: Game) -> str:
    return reverse("pages:move", kwargs={"game_id": game.pk})


def play_url(game: Game) -> str:
    return reverse("pages:play", kwargs={"game_id": game.pk})
