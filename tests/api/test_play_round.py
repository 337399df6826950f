import pytest
from rest_framework.test import APIClient

from games.models import Game, Round
from tests.factories import play_game

pytestmark = pytest.mark.django_db


@pytest.fixture
def game_id(api_client) -> int:
    return api_client.post("/api/v1/games/", {"policy": "forrest"}, format="json").json()["id"]


def snapshot(game_id: int) -> tuple:
    game = Game.objects.get(pk=game_id)
    return (
        game.player_score,
        game.bot_score,
        game.rounds_played,
        game.status,
        Round.objects.count(),
    )


def test_it_plays_a_round_and_returns_the_next_rounds_values(api_client, game_id):
    response = api_client.post(
        f"/api/v1/games/{game_id}/rounds/", {"move": "Rock", "round": 1}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert body["replayed"] is False
    assert body["round"]["round_no"] == 1
    assert body["round"]["player_move"] == "rock"
    assert body["round"]["is_gambit"] is True
    assert body["game"]["next_round"]["round_no"] == 2
    assert Round.objects.filter(game_id=game_id).count() == 1


def test_a_repeated_request_gets_the_stored_answer(api_client, game_id):
    url = f"/api/v1/games/{game_id}/rounds/"
    first = api_client.post(url, {"move": "paper", "round": 1}, format="json").json()

    again = api_client.post(url, {"move": "paper", "round": 1}, format="json")

    assert again.status_code == 200
    assert again.json()["replayed"] is True
    assert again.json()["round"] == first["round"]
    assert Round.objects.filter(game_id=game_id).count() == 1


def test_it_refuses_a_replay_with_another_move(api_client, game_id):
    url = f"/api/v1/games/{game_id}/rounds/"
    api_client.post(url, {"move": "paper", "round": 1}, format="json")
    before = snapshot(game_id)

    response = api_client.post(url, {"move": "rock", "round": 1}, format="json")

    assert response.status_code == 409
    assert response.json()["error"] == "round_conflict"
    assert snapshot(game_id) == before


def test_it_refuses_an_out_of_order_round(api_client, game_id):
    before = snapshot(game_id)

    response = api_client.post(
        f"/api/v1/games/{game_id}/rounds/", {"move": "rock", "round": 3}, format="json"
    )

    assert response.status_code == 409
    assert "out of order" in response.json()["detail"]
    assert snapshot(game_id) == before


@pytest.mark.parametrize(
    "payload", [{"move": "lizard"}, {"move": ""}, {}, {"move": 3}, {"move": "rock", "round": 0}]
)
def test_it_refuses_a_bad_move_and_changes_nothing(api_client, game_id, payload):
    before = snapshot(game_id)

    response = api_client.post(f"/api/v1/games/{game_id}/rounds/", payload, format="json")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"
    assert snapshot(game_id) == before


def test_it_refuses_someone_elses_game(game_id):
    before = snapshot(game_id)

    response = APIClient().post(f"/api/v1/games/{game_id}/rounds/", {"move": "rock"}, format="json")

    assert response.status_code == 403
    assert response.json()["error"] == "foreign_game"
    assert snapshot(game_id) == before


def test_it_refuses_an_unknown_game(api_client):
    response = api_client.post("/api/v1/games/987654/rounds/", {"move": "rock"}, format="json")

    assert response.status_code == 404
    assert response.json()["error"] == "game_not_found"


def test_it_refuses_a_finished_game(api_client, game_id):
    play_game(Game.objects.get(pk=game_id))
    before = snapshot(game_id)

    response = api_client.post(f"/api/v1/games/{game_id}/rounds/", {"move": "rock"}, format="json")

    assert response.status_code == 409
    assert response.json()["error"] == "game_finished"
    assert snapshot(game_id) == before


def test_the_owner_sees_the_game_with_its_rounds_and_others_do_not(api_client, game_id):
    api_client.post(f"/api/v1/games/{game_id}/rounds/", {"move": "rock"}, format="json")

    mine = api_client.get(f"/api/v1/games/{game_id}/")
    theirs = APIClient().get(f"/api/v1/games/{game_id}/")

    assert mine.status_code == 200
    assert [r["round_no"] for r in mine.json()["rounds"]] == [1]
    assert theirs.status_code == 403
