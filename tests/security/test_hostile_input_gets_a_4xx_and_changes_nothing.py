"""Each class of hostile input that once reached a 500 (issue 12), sent to every route that
takes a body and to every path converter: a 4xx with the API's JSON error, and the database as
it was. On PostgreSQL in CI, where NUL bytes and out-of-range integers are refused by the
database itself if they get that far."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from games import services
from games.models import Game, Player, Round
from promotion.models import PromotionEvent
from training.models import ServingGeneration

pytestmark = pytest.mark.django_db

INTERNAL = "hostile-input-internal-token"
DEPTH = 100_000


def deep_array() -> str:
    return "[" * DEPTH + "]" * DEPTH


def deep_object() -> str:
    return '{"a":' * DEPTH + "1" + "}" * DEPTH


def with_text(body: dict[str, Any], text: str) -> str:
    """The body with ``text`` put into every string field and as an extra key."""
    changed = {k: (v + text if isinstance(v, str) else v) for k, v in body.items()}
    return json.dumps({**changed, f"key{text}": "x"})


def with_huge_numbers(body: dict[str, Any]) -> str:
    huge = {k: 10**30 for k, v in body.items() if isinstance(v, int) and not isinstance(v, bool)}
    return json.dumps({**body, **huge})


HOSTILE: dict[str, Any] = {
    "deeply nested array": lambda body: deep_array(),
    "deeply nested object": lambda body: deep_object(),
    "lone surrogate": lambda body: with_text(body, "\ud800"),
    "NUL character": lambda body: with_text(body, "\u0000"),
    "not UTF-8": lambda body: json.dumps(body).encode()[:-1] + b'"\xff\xfe"}',
    "integers past any column": with_huge_numbers,
    "over the size limit": lambda body: json.dumps({**body, "pad": "x" * 3_000_000}),
}


@pytest.fixture
def world(settings) -> dict[str, Any]:
    """A player with a token and a game, a staff member with a token, the internal token."""
    settings.INTERNAL_API_TOKEN = INTERNAL
    users = get_user_model()
    player_user = users.objects.create_user("hostile", password="pw")
    staff = users.objects.create_user("operator", password="pw", is_staff=True)
    player = Player.objects.create(user=player_user, name="hostile", source="api")
    game = services.game_start(player=player, policy="brian")
    return {
        "game": game.pk,
        "player": f"Token {Token.objects.create(user=player_user).key}",
        "staff": f"Token {Token.objects.create(user=staff).key}",
        "internal": f"Bearer {INTERNAL}",
    }


def routes(world: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """Every route that takes a body: (path, credential, a good body to spoil)."""
    game = world["game"]
    report = {
        "family": "xgboost",
        "decision": "retain_production",
        "reorder_applied": False,
        "production_wins": 1,
        "production_total_games": 2,
        "b_wins": 1,
        "b_total_games": 2,
        "production_games_since_swap": 2,
        "b_games_since_swap": 2,
        "promotion_cycles_since_swap": 1,
        "reason": "fine",
    }
    return {
        "api games": ("/api/v1/games/", "player", {"policy": "brian"}),
        "api round": (f"/api/v1/games/{game}/rounds/", "player", {"move": "rock", "round": 1}),
        "api token": ("/api/v1/auth/token/", "", {"username": "hostile", "password": "pw"}),
        "reload": ("/api/v1/models/reload", "staff", {"family": "xgboost"}),
        "reload/": ("/api/v1/models/reload/", "staff", {"family": "xgboost"}),
        "report": ("/internal/promotion/report", "internal", report),
        "report/": ("/internal/promotion/report/", "internal", report),
        "start_game": ("/start_game", "", {"player_name": "hostile", "policy": "brian"}),
        "play": ("/play", "", {"game_id": game, "user_move": "rock"}),
    }


def snapshot() -> tuple:
    return (
        list(Game.objects.order_by("pk").values_list("pk", "rounds_played", "player_score")),
        Round.objects.count(),
        Player.objects.count(),
        PromotionEvent.objects.count(),
        Token.objects.count(),
        list(ServingGeneration.objects.values_list("family", "generation")),
    )


ROUTE_NAMES = [
    "api games", "api round", "api token", "reload", "reload/", "report", "report/",
    "start_game", "play",
]  # fmt: skip


# Integers past a column only spoil a body that has integers.
WITH_INTEGERS = {"api round", "report", "report/", "play"}
CASES = [
    (route, hostile)
    for route in ROUTE_NAMES
    for hostile in sorted(HOSTILE)
    if hostile != "integers past any column" or route in WITH_INTEGERS
]


@pytest.mark.parametrize(("route", "hostile"), CASES)
def test_a_hostile_body_gets_a_json_4xx_and_changes_nothing(world, route, hostile):
    path, credential, good = routes(world)[route]
    client = APIClient()
    if credential:
        client.credentials(HTTP_AUTHORIZATION=world[credential])
    before = snapshot()

    response = client.generic("POST", path, HOSTILE[hostile](good), content_type="application/json")

    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert "error" in response.json()
    assert snapshot() == before


def test_every_route_taking_a_body_is_covered(world):
    assert sorted(routes(world)) == sorted(ROUTE_NAMES)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/models/versions/mn%00logit/1/",
        "/api/v1/models/versions/mnlogit/99999999999999999999999/",
        "/api/v1/games/99999999999999999999999/",
        "/api/v1/games/99999999999999999999999/rounds/",
        "/api/v1/promotion/events/99999999999999999999999/",
        "/api/v1/rounds/?game=%00",
        "/api/v1/rounds/?cursor=cD1hYmM%3D",
        "/api/v1/games/?limit=%00",
    ],
)
def test_a_hostile_path_or_query_gets_a_json_4xx(world, path):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=world["staff"])
    before = snapshot()

    response = client.get(path)

    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert "error" in response.json()
    assert snapshot() == before


@pytest.mark.parametrize(
    "path",
    [
        "/dashboards/decisions/99999999999999999999999/",
        "/dashboards/no%00family/",
        "/play/99999999999999999999999/",
    ],
)
def test_a_hostile_page_path_gets_a_4xx(client, path):
    assert 400 <= client.get(path).status_code < 500


def test_a_form_with_a_nul_is_refused_before_any_view(world):
    client = APIClient()
    before = snapshot()

    form = "application/x-www-form-urlencoded"
    response = client.post(f"/play/{world['game']}/move/", "move=rock%00", content_type=form)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_text"
    assert snapshot() == before
