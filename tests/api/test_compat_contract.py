"""The original clients' contract, field by field (SPEC "Compatibility with the original
clients")."""

import pytest

from games.engine.round_values import deterministic_round_points
from games.models import Game, PlayerKind, Round
from tests.factories import play_game

pytestmark = pytest.mark.django_db

START_FIELDS = {
    "game_id",
    "session_id",
    "player_name",
    "bot_policy",
    "policy",
    "difficulty_mode",
    "bot_model_alias",
    "model_type",
    "status",
    "message",
}
PLAY_FIELDS = {
    "game_id",
    "round",
    "user_move",
    "bot_move",
    "result",
    "user_delta",
    "bot_delta",
    "user_score",
    "bot_score",
    "round_points",
    "finished",
    "winner",
    "model_info",
    "message",
}


def start(client, **payload):
    body = {"player_name": "carol", "policy": "forrest", **payload}
    return client.post("/start_game", body, format="json")


def test_start_game_answers_with_the_original_fields(api_client):
    response = start(api_client, policy="brian_easy", difficulty_mode="normal")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == START_FIELDS
    assert body["bot_policy"] == "brian_easy"
    assert body["policy"] == "brian"
    assert body["difficulty_mode"] == "easy"
    assert body["model_type"] == "feedforward"
    assert body["bot_model_alias"] in {"Production", "B"}
    assert body["status"] == "active"


def test_start_game_refuses_an_unknown_policy_instead_of_falling_back(api_client):
    response = start(api_client, policy="random")

    assert response.status_code == 400
    assert Game.objects.count() == 0


def test_a_session_id_keeps_the_same_player(api_client):
    first = start(api_client).json()
    second = start(api_client, session_id=first["session_id"]).json()

    assert second["session_id"] == first["session_id"]
    assert Game.objects.get(pk=first["game_id"]).player_id == (
        Game.objects.get(pk=second["game_id"]).player_id
    )


def test_a_scripted_name_marks_the_player_scripted(api_client):
    body = start(api_client, player_name="Gus").json()

    assert Game.objects.get(pk=body["game_id"]).player.kind == PlayerKind.SCRIPTED


def test_play_answers_with_the_original_fields(api_client):
    game_id = start(api_client).json()["game_id"]

    response = api_client.post(
        "/play", {"game_id": game_id, "user_move": "SCISSORS", "easy_mode": True}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert set(body) == PLAY_FIELDS
    assert body["round"] == 1
    assert body["user_move"] == "scissors"
    assert body["result"] in {"win", "lose", "draw"}
    assert body["round_points"] == deterministic_round_points(game_id, 1).as_dict()
    assert set(body["model_info"]) == {"model_type", "alias", "version", "probability_source"}
    assert body["finished"] is False
    assert body["winner"] is None


def test_play_errors_are_400_404_and_409(api_client):
    game_id = start(api_client).json()["game_id"]

    bad_move = api_client.post("/play", {"game_id": game_id, "user_move": "spock"}, format="json")
    unknown = api_client.post("/play", {"game_id": 424242, "user_move": "rock"}, format="json")
    play_game(Game.objects.get(pk=game_id))
    finished = api_client.post("/play", {"game_id": game_id, "user_move": "rock"}, format="json")

    assert bad_move.status_code == 400
    assert unknown.status_code == 404
    assert finished.status_code == 409


def test_play_with_another_players_session_id_is_refused(api_client):
    game_id = start(api_client).json()["game_id"]
    other = start(api_client, player_name="dave").json()["session_id"]

    response = api_client.post(
        "/play", {"game_id": game_id, "user_move": "rock", "session_id": other}, format="json"
    )

    assert response.status_code == 403
    assert Round.objects.count() == 0


def test_a_full_game_ends_with_a_winner(api_client):
    game_id = start(api_client).json()["game_id"]
    body = {}
    for move in ["rock", "paper", "scissors"] * 30:
        body = api_client.post("/play", {"game_id": game_id, "user_move": move}, format="json")
        body = body.json()
        if body["finished"]:
            break

    assert body["finished"] is True
    assert body["winner"] in {"user", "bot", "tie"}
    assert max(body["user_score"], body["bot_score"]) >= 10


def test_round_points_gives_the_next_rounds_values(api_client):
    game_id = start(api_client).json()["game_id"]
    api_client.post("/play", {"game_id": game_id, "user_move": "rock"}, format="json")

    body = api_client.get(f"/round_points?game_id={game_id}").json()

    assert body["round_no"] == 2
    assert body["round_points"] == deterministic_round_points(game_id, 2).as_dict()


def test_round_points_of_an_unknown_game_is_404(api_client):
    assert api_client.get("/round_points?game_id=99999").status_code == 404
    assert api_client.get("/round_points?game_id=abc").status_code == 400


def test_stats_by_game_and_by_session(api_client):
    started = start(api_client).json()
    api_client.post("/play", {"game_id": started["game_id"], "user_move": "rock"}, format="json")

    by_game = api_client.get(f"/stats?game_id={started['game_id']}").json()
    by_session = api_client.get(f"/stats?session_id={started['session_id']}").json()

    assert by_game["rounds"] == 1
    assert by_session["games"] == 1
    # Neither identifier names no game (the schema cannot say "one of the two").
    assert api_client.get("/stats").status_code == 404


def test_policies_lists_every_bot(api_client):
    body = api_client.get("/policies").json()

    assert set(body["policies"]) == {
        "brian",
        "forrest",
        "logan",
        "brian_easy",
        "forrest_easy",
        "logan_easy",
    }


def test_leaderboard_and_bot_win_rates_answer(api_client):
    assert api_client.get("/leaderboard?limit=5").status_code == 200
    assert api_client.get("/leaderboard?limit=0").status_code == 400
    assert "bots" in api_client.get("/bot_win_rates").json()
