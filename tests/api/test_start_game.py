import pytest

from games.engine.round_values import deterministic_round_points
from games.models import Game, PlayerKind

pytestmark = pytest.mark.django_db


def test_it_starts_a_game_with_the_first_rounds_values(api_client):
    response = api_client.post("/api/v1/games/", {"policy": "forrest"}, format="json")

    assert response.status_code == 201
    body = response.json()
    game = Game.objects.get(pk=body["id"])
    assert body["family"] == "xgboost"
    assert body["model_alias"] in {"Production", "B"}
    assert body["status"] == "active"
    assert body["next_round"]["round_no"] == 1
    assert body["next_round"]["values"] == deterministic_round_points(game.pk, 1).as_dict()


def test_an_easy_policy_name_selects_easy_mode(api_client):
    body = api_client.post("/api/v1/games/", {"policy": "logan_easy"}, format="json").json()

    assert body["policy"] == "logan"
    assert body["difficulty_mode"] == "easy"


def test_normal_is_read_as_standard(api_client):
    body = api_client.post(
        "/api/v1/games/", {"policy": "brian", "difficulty_mode": "normal"}, format="json"
    ).json()

    assert body["difficulty_mode"] == "standard"


@pytest.mark.parametrize(
    "payload",
    [
        {"policy": "bob"},
        {},
        {"policy": "forrest", "difficulty_mode": "nightmare"},
        {"policy": "forrest", "player_name": "x" * 65},
        {"policy": ["forrest"]},
    ],
)
def test_it_refuses_bad_start_requests_and_stores_nothing(api_client, payload):
    response = api_client.post("/api/v1/games/", payload, format="json")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"
    assert Game.objects.count() == 0


def test_a_scripted_opponents_name_marks_the_player_as_scripted(api_client):
    body = api_client.post(
        "/api/v1/games/", {"policy": "forrest", "player_name": "Ace"}, format="json"
    ).json()

    assert Game.objects.get(pk=body["id"]).player.kind == PlayerKind.SCRIPTED


def test_my_games_lists_only_the_callers_games(api_client):
    from rest_framework.test import APIClient

    mine = api_client.post("/api/v1/games/", {"policy": "forrest"}, format="json").json()
    APIClient().post("/api/v1/games/", {"policy": "brian"}, format="json")

    listed = api_client.get("/api/v1/games/").json()

    assert [g["id"] for g in listed["results"]] == [mine["id"]]
