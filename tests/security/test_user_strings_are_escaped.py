"""Strings that people and external callers choose (player names, a promoter's report) appear
escaped on every page that shows them: never as markup the browser would run."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient

from games.models import Game
from promotion.models import PromotionEvent
from tests.factories import PlayerFactory, finished_game, play_game
from tests.promotion.conftest import set_counters

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
ATTRIBUTE = '"><img src=x onerror=alert(2)>'


def assert_escaped(page: str, raw: str = SCRIPT) -> None:
    assert raw not in page
    # Shown, not dropped: as HTML text, or inside a JSON script with "</" broken up.
    assert ESCAPED in page or "\\u003cscript\\u003e" in page or "<\\/script>" in page


def assert_attribute_safe(page: str) -> None:
    assert "<img src=x onerror=alert(2)>" not in page


@pytest.fixture
def browser() -> tuple[Client, Game]:
    """A browser whose player is called SCRIPT, with a game it has played to the end."""
    client = Client()
    response = client.post(
        "/", {"policy": "forrest", "difficulty_mode": "standard", "player_name": SCRIPT}
    )
    assert response.status_code == 302
    game = Game.objects.get(player__name=SCRIPT)
    return client, play_game(game)


def test_the_play_page_escapes_the_players_name(browser):
    client, game = browser

    assert_escaped(client.get(f"/play/{game.pk}/").content.decode())


def test_my_games_escapes_the_players_name(browser):
    client, _ = browser

    assert_escaped(client.get("/games/").content.decode())


def test_the_start_form_escapes_the_remembered_name(browser):
    client, _ = browser

    assert_escaped(client.get("/").content.decode())


def test_the_leaderboard_escapes_names(browser):
    finished_game(player=PlayerFactory(name=ATTRIBUTE))

    page = Client().get("/leaderboard/").content.decode()

    assert_escaped(page)
    assert_attribute_safe(page)


def test_the_admin_escapes_names_in_lists_and_forms(browser):
    _, game = browser
    staff = get_user_model().objects.create_user("admin", password="pw", is_staff=True)
    staff.is_superuser = True
    staff.save()
    client = Client()
    client.force_login(staff)

    for path in (
        "/admin/games/player/",
        f"/admin/games/player/{game.player_id}/change/",
        "/admin/games/game/",
        f"/admin/games/game/{game.pk}/change/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert SCRIPT not in response.content.decode(), path
    assert ESCAPED in client.get("/admin/games/player/").content.decode()


@pytest.fixture
def hostile_report(settings) -> PromotionEvent:
    """Stored the way an external promoter stores it: through the internal endpoint."""
    settings.INTERNAL_API_TOKEN = "t0ken-for-the-escaping-tests"
    set_counters("xgboost", "Production", games=16, wins=13)
    set_counters("xgboost", "B", games=30, wins=25)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer t0ken-for-the-escaping-tests")
    response = client.post(
        "/internal/promotion/report",
        {
            "family": "xgboost",
            "decision": "retain_production",
            "reorder_applied": True,
            "method": "ztest",
            "production_wins": 13,
            "production_total_games": 16,
            "b_wins": 25,
            "b_total_games": 30,
            "production_games_since_swap": 16,
            "b_games_since_swap": 30,
            "promotion_cycles_since_swap": 1,
            "alias_rankings": [SCRIPT],
            "assignments_before": {"Production": 1, SCRIPT: 3},
            "assignments_after": {"Production": 1, SCRIPT: 4},
            "reason": SCRIPT,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    return PromotionEvent.objects.get(pk=response.json()["id"])


@pytest.mark.parametrize(
    "path",
    ["/dashboards/decisions/", "/dashboards/decisions/{pk}/", "/dashboards/xgboost/"],
)
def test_dashboards_escape_an_external_promoters_report(hostile_report, path):
    response = Client().get(path.format(pk=hostile_report.pk))

    assert response.status_code == 200
    assert_escaped(response.content.decode())


def test_the_gameplay_dashboard_shows_no_names(browser):
    page = Client().get("/dashboards/gameplay/").content.decode()

    assert SCRIPT not in page
    assert ESCAPED not in page
