from __future__ import annotations

import pytest

from games.engine.round_values import deterministic_round_points

from .conftest import move_url, play_url

pytestmark = pytest.mark.django_db


def test_posting_a_move_plays_one_round_and_returns_to_the_game(client, start_web_game) -> None:
    game = start_web_game(client)

    response = client.post(move_url(game), {"move": "rock", "round_no": 1})

    assert response.status_code == 302
    assert response.url == play_url(game)
    played = game.rounds.get()
    assert (played.round_no, played.player_move) == (1, "rock")
    page = client.get(play_url(game))
    content = page.content.decode()
    assert '<tr class="result-' in content and 'data-round="1"' in content
    assert page.context["values"] == deterministic_round_points(game.pk, 2)
    assert content.count('<input type="hidden" name="round_no" value="2">') == 3
