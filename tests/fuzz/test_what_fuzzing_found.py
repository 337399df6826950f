"""Regressions for what the schema fuzzing and the security review found, one test each."""

from __future__ import annotations

import pytest
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from core.pagination import BoundedLimitOffsetPagination
from games.models import Round

pytestmark = pytest.mark.django_db


def test_a_round_played_with_a_form_body_is_accepted():
    # A form's QueryDict was copied with {**data}, which made every value a list: 400.
    client = APIClient()
    game_id = client.post("/api/v1/games/", {"policy": "forrest"}, format="json").json()["id"]

    response = client.post(f"/api/v1/games/{game_id}/rounds/", {"move": "ROCK", "round": "1"})

    assert response.status_code == 201, response.content
    assert Round.objects.get(game_id=game_id).player_move == "rock"


@pytest.mark.parametrize(
    "query", ["limit=16616941637160870608896", "offset=16616941637160870608896", "offset=-3"]
)
@pytest.mark.parametrize("path", ["/api/v1/games/", "/api/v1/promotion/events/"])
def test_huge_page_numbers_are_bounded_not_a_500(path, query):
    client = APIClient()
    client.post("/api/v1/games/", {"policy": "forrest"}, format="json")

    response = client.get(f"{path}?{query}")

    assert response.status_code == 200
    assert len(response.json()["results"]) <= 1000


def test_the_page_size_and_offset_are_capped():
    paginator = BoundedLimitOffsetPagination()
    request = Request(APIRequestFactory().get("/", {"limit": 5000, "offset": 10**30}))

    assert paginator.get_limit(request) == 1000
    assert paginator.get_offset(request) == 1_000_000_000


@pytest.mark.parametrize(
    "path", ["/api/v1/games/not-a-number/", "/api/v1/nothing-here/", "/internal/promotion/x"]
)
def test_an_unknown_api_path_is_a_json_404(path):
    response = APIClient().get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "not_found"


def test_an_unknown_page_is_still_an_html_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_my_games_answer_in_the_documented_paginated_shape():
    client = APIClient()
    client.post("/api/v1/games/", {"policy": "forrest"}, format="json")

    body = client.get("/api/v1/games/").json()

    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1


# What the live-server run (tests/fuzz/test_live_server_against_its_schema.py) found.


@pytest.mark.parametrize(
    "body",
    [
        {"policy": "brian", "is_test": 0},  # a number where the schema says boolean
        {"policy": "brian", "player_name": 0},  # a number where the schema says string
    ],
)
def test_a_json_body_of_the_wrong_types_is_refused(body):
    response = APIClient().post("/api/v1/games/", body, format="json")

    assert response.status_code == 400
    assert not Round.objects.exists()


@pytest.mark.parametrize("query", ["offset=null", "limit=x", "family=", "stage="])
def test_query_values_that_the_schema_forbids_are_refused(query):
    path = "/api/v1/models/versions/" if "family" in query or "stage" in query else "/api/v1/games/"

    assert APIClient().get(f"{path}?{query}").status_code == 400


def test_wrong_credentials_for_a_token_are_a_401_naming_the_scheme(django_user_model):
    django_user_model.objects.create_user("ana", password="right")

    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "ana", "password": "wrong"}, format="json"
    )

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_play_with_an_unknown_session_is_a_404():
    game_id = APIClient().post("/start_game", {"policy": "brian"}, format="json").json()["game_id"]

    response = APIClient().post(
        "/play", {"game_id": game_id, "user_move": "rock", "session_id": "0" * 32}, format="json"
    )

    assert response.status_code == 404
