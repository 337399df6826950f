import pytest

from games.engine.moves import MOVES
from games.engine.policy import expected_points
from games.engine.round_values import RoundValues

pytestmark = pytest.mark.django_db


def test_the_round_output_says_what_the_bot_predicted_and_why(api_client):
    game_id = api_client.post("/api/v1/games/", {"policy": "logan"}, format="json").json()["id"]
    bodies = [
        api_client.post(
            f"/api/v1/games/{game_id}/rounds/", {"move": "paper", "round": n}, format="json"
        ).json()
        for n in range(1, 5)
    ]

    assert [body["round"]["explanation"] for body in bodies[:3]] == [None, None, None]
    played = bodies[3]["round"]
    explanation = played["explanation"]
    p = played["probabilities"]
    v = played["values"]
    worth = expected_points(
        (p["rock"], p["paper"], p["scissors"]),
        RoundValues(v["rock"], v["paper"], v["scissors"]),
        bot_score=played["bot_score_after"] - played["bot_delta"],
        player_score=played["player_score_after"] - played["player_delta"],
        target=bodies[3]["game"]["target_points"],
    )
    assert explanation["expected_points"] == pytest.approx({str(m): worth[m] for m in MOVES})
    assert explanation["best_move"] == played["bot_move"]
    assert explanation["summary"].startswith("The bot expected you to play rock ")
    assert f"So it played {played['bot_move']}" in explanation["summary"]
    assert isinstance(explanation["reading"], list)
