from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import start_game

pytestmark = pytest.mark.django_db


def _listed_game_ids(client: Client, page: int = 1) -> list[int]:
    response = client.get(reverse("pages:my_games"), {"page": page})
    assert response.status_code == 200
    return [int(found) for found in re.findall(r'data-game-id="(\d+)"', response.content.decode())]


def test_it_lists_only_this_browsers_games_newest_first(client, start_web_game) -> None:
    older = start_web_game(client)
    newer = start_web_game(client, policy="brian")
    theirs = start_web_game(Client(), player_name="Otto")

    listed = _listed_game_ids(client)

    assert listed == [newer.pk, older.pk]
    assert theirs.pk not in listed


def test_a_new_browser_has_no_games(client, start_web_game) -> None:
    start_web_game(Client())

    response = client.get(reverse("pages:my_games"))

    assert _listed_game_ids(client) == []
    assert "No games in this browser yet" in response.content.decode()


def test_the_list_is_paginated(client, start_web_game) -> None:
    first = start_web_game(client)
    for _ in range(20):
        start_game(player=first.player)

    assert len(_listed_game_ids(client, page=1)) == 20
    assert _listed_game_ids(client, page=2) == [first.pk]
