import pytest
from django.core.cache import cache

from tests.throttle_clock import frozen_clock

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight_play_limit(settings, monkeypatch):
    cache.clear()
    frozen_clock(monkeypatch)  # a fixed window ending mid-test would start the count over
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "play": "3/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    yield
    cache.clear()


def test_playing_too_fast_is_throttled_with_429(api_client, tight_play_limit):
    game_id = api_client.post("/api/v1/games/", {"policy": "forrest"}, format="json").json()["id"]
    url = f"/api/v1/games/{game_id}/rounds/"

    codes = [api_client.post(url, {"move": "rock"}, format="json").status_code for _ in range(5)]

    assert codes[:3] == [201, 201, 201]
    assert codes[3:] == [429, 429]


def test_the_compat_play_endpoint_is_throttled_too(api_client, tight_play_limit):
    game_id = api_client.post("/start_game", {"policy": "forrest"}, format="json").json()["game_id"]

    codes = [
        api_client.post(
            "/play", {"game_id": game_id, "user_move": "rock"}, format="json"
        ).status_code
        for _ in range(4)
    ]

    assert codes == [200, 200, 200, 429]
