"""Play, start and token endpoints are rate-limited: over the limit a request gets 429 with
Retry-After and changes nothing. When the cache behind the limits is down, play goes on."""

from __future__ import annotations

import logging
import socket

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from games.models import Game, Round
from tests.throttle_clock import frozen_clock

pytestmark = pytest.mark.django_db


def tighten(settings, **rates: str) -> None:
    """Tight limits, set the way deployments set them (THROTTLE_*_RATE land in these rates)."""
    merged = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": merged}


@pytest.fixture
def limits(settings, monkeypatch):
    cache.clear()
    frozen_clock(monkeypatch)  # a fixed window ending mid-test would start the count over
    yield lambda **rates: tighten(settings, **rates)
    cache.clear()


def state(game_id: int) -> tuple:
    game = Game.objects.get(pk=game_id)
    return game.player_score, game.bot_score, game.rounds_played, game.status, Round.objects.count()


def assert_throttled(response) -> None:
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"] == "throttled"


def test_playing_over_the_limit_is_429_and_plays_nothing(limits):
    limits(play="3/minute")
    client = APIClient()
    game_id = client.post("/api/v1/games/", {"policy": "forrest"}, format="json").json()["id"]
    url = f"/api/v1/games/{game_id}/rounds/"
    for round_no in (1, 2, 3):
        assert (
            client.post(url, {"move": "rock", "round": round_no}, format="json").status_code == 201
        )
    before = state(game_id)

    response = client.post(url, {"move": "rock", "round": 4}, format="json")

    assert_throttled(response)
    assert state(game_id) == before
    assert before[2] == 3


def test_the_original_play_endpoint_is_limited_too(limits):
    limits(play="2/minute")
    client = APIClient()
    game_id = client.post("/start_game", {"policy": "forrest"}, format="json").json()["game_id"]
    body = {"game_id": game_id, "user_move": "paper"}
    assert [client.post("/play", body, format="json").status_code for _ in range(2)] == [200, 200]
    before = state(game_id)

    assert_throttled(client.post("/play", body, format="json"))
    assert state(game_id) == before


@pytest.mark.parametrize(
    ("path", "body"),
    [("/api/v1/games/", {"policy": "logan"}), ("/start_game", {"policy": "logan"})],
)
def test_starting_over_the_limit_is_429_and_starts_nothing(limits, path, body):
    limits(start="2/minute")
    client = APIClient()
    for _ in range(2):
        assert client.post(path, body, format="json").status_code in (200, 201)

    response = client.post(path, body, format="json")

    assert_throttled(response)
    assert Game.objects.count() == 2


def test_asking_for_tokens_over_the_limit_is_429_and_issues_none(limits):
    limits(token="2/minute")
    get_user_model().objects.create_user("ana", password="the-right-password")
    client = APIClient()
    guesses = [
        client.post("/api/v1/auth/token/", {"username": "ana", "password": guess}).status_code
        for guess in ("guess-1", "guess-2")
    ]

    response = client.post(
        "/api/v1/auth/token/", {"username": "ana", "password": "the-right-password"}
    )

    assert guesses == [401, 401]
    assert_throttled(response)
    assert not Token.objects.exists()


def test_the_token_endpoint_serves_within_the_limit(limits):
    limits(token="2/minute")
    get_user_model().objects.create_user("ana", password="the-right-password")

    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "ana", "password": "the-right-password"}
    )

    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get().key


@pytest.fixture
def redis_down(settings):
    """The cache points at a Redis port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    tighten(settings, play="2/minute", start="1/minute")
    with pytest.raises(Exception, match=r"(?i)connect"):
        cache.get("anything")  # really down, so the rest of the test means something
    return port


def test_with_redis_down_gameplay_goes_on_unthrottled_and_logged(redis_down, caplog):
    client = APIClient()

    with caplog.at_level(logging.WARNING, logger="core.throttling"):
        started = client.post("/api/v1/games/", {"policy": "forrest"}, format="json")
        game_id = started.json()["id"]
        codes = [
            client.post(
                f"/api/v1/games/{game_id}/rounds/", {"move": "rock", "round": n}, format="json"
            ).status_code
            for n in (1, 2, 3, 4)
        ]

    assert started.status_code == 201
    assert codes == [201, 201, 201, 201]
    assert Round.objects.filter(game_id=game_id).count() == 4
    failures = [r for r in caplog.records if r.name == "core.throttling"]
    assert len(failures) == 5
    assert {r.throttle_scope for r in failures} == {"start", "play"}


def test_with_redis_down_the_original_clients_play_on(redis_down):
    client = APIClient()
    game_id = client.post("/start_game", {"policy": "brian"}, format="json").json()["game_id"]

    codes = [
        client.post("/play", {"game_id": game_id, "user_move": "rock"}, format="json").status_code
        for _ in range(3)
    ]

    assert codes == [200, 200, 200]
