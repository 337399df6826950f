from __future__ import annotations

import pytest

from .conftest import move_url

pytestmark = pytest.mark.django_db


def test_submitting_the_same_round_twice_plays_it_once(client, start_web_game) -> None:
    game = start_web_game(client)

    first = client.post(move_url(game), {"move": "paper", "round_no": 1})
    second = client.post(move_url(game), {"move": "paper", "round_no": 1})

    assert (first.status_code, second.status_code) == (302, 302)
    assert game.rounds.count() == 1
    game.refresh_from_db()
    assert game.rounds_played == 1


def test_replaying_a_round_with_another_move_is_a_conflict(client, start_web_game) -> None:
    game = start_web_game(client)
    client.post(move_url(game), {"move": "paper", "round_no": 1})

    response = client.post(move_url(game), {"move": "rock", "round_no": 1})

    assert response.status_code == 409
    assert game.rounds.get().player_move == "paper"


def test_a_round_ahead_of_the_game_is_a_conflict(client, start_web_game) -> None:
    game = start_web_game(client)

    response = client.post(move_url(game), {"move": "rock", "round_no": 3})

    assert response.status_code == 409
    assert "out of order" in response.content.decode()
    assert not game.rounds.exists()
