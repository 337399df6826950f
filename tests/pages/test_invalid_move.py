from __future__ import annotations

import pytest

from .conftest import move_url

pytestmark = pytest.mark.django_db


def test_an_unknown_move_is_refused_and_nothing_is_stored(client, start_web_game) -> None:
    game = start_web_game(client)

    response = client.post(move_url(game), {"move": "<b>lizard</b>", "round_no": 1})

    assert response.status_code == 400
    content = response.content.decode()
    assert "&lt;b&gt;lizard&lt;/b&gt; is not a move" in content
    assert "<b>lizard</b>" not in content
    assert not game.rounds.exists()
    game.refresh_from_db()
    assert game.rounds_played == 0


def test_a_move_without_its_round_number_is_refused(client, start_web_game) -> None:
    game = start_web_game(client)

    response = client.post(move_url(game), {"move": "rock"})

    assert response.status_code == 400
    assert "round number is missing" in response.content.decode()
    assert not game.rounds.exists()


def test_a_move_must_be_posted(client, start_web_game) -> None:
    game = start_web_game(client)

    response = client.get(move_url(game), {"move": "rock", "round_no": 1})

    assert response.status_code == 405
    assert not game.rounds.exists()
