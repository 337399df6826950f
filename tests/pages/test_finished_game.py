from __future__ import annotations

import pytest

from tests.factories import play_game

from .conftest import move_url, play_url

pytestmark = pytest.mark.django_db

HEADLINES = {"user": "You won!", "bot": "Forrest won.", "tie": "It is a tie."}


def test_a_finished_game_shows_the_winner_and_no_moves(client, start_web_game) -> None:
    game = play_game(start_web_game(client, policy="forrest"))

    content = client.get(play_url(game)).content.decode()

    assert f'data-winner="{game.winner}"' in content
    assert HEADLINES[game.winner] in content
    assert f"Final score {game.player_score} \N{EN DASH} {game.bot_score}" in content
    assert 'name="move"' not in content
    assert 'href="/?policy=forrest&amp;difficulty_mode=standard"' in content


def test_a_move_on_a_finished_game_is_refused(client, start_web_game) -> None:
    game = play_game(start_web_game(client))

    response = client.post(move_url(game), {"move": "rock", "round_no": game.rounds_played + 1})

    assert response.status_code == 409
    assert "This game is over" in response.content.decode()
    assert game.rounds.count() == game.rounds_played
