"""Browser forms are CSRF-protected: a POST without the token is refused with 403 and changes
nothing; the same POST with the token is served."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from games.models import Game, Round
from training.models import ServingGeneration

pytestmark = pytest.mark.django_db

START = {"policy": "forrest", "difficulty_mode": "standard", "player_name": "Tess"}


@pytest.fixture
def browser() -> Client:
    client = Client(enforce_csrf_checks=True)
    assert client.get("/").status_code == 200  # the form sets the CSRF cookie
    return client


def token(client: Client) -> str:
    return client.cookies["csrftoken"].value


@pytest.fixture
def game(browser) -> Game:
    response = browser.post("/", {**START, "csrfmiddlewaretoken": token(browser)})
    assert response.status_code == 302
    return Game.objects.get(player__name="Tess")


def test_starting_a_game_without_the_token_is_refused(browser):
    response = browser.post("/", START)

    assert response.status_code == 403
    assert not Game.objects.exists()


def test_a_move_without_the_token_is_refused_and_plays_nothing(browser, game):
    response = browser.post(f"/play/{game.pk}/move/", {"move": "rock", "round_no": 1})

    assert response.status_code == 403
    assert not Round.objects.filter(game=game).exists()


def test_a_move_with_a_forged_token_is_refused(browser, game):
    forged = {"move": "rock", "round_no": 1, "csrfmiddlewaretoken": "x" * 64}

    response = browser.post(f"/play/{game.pk}/move/", forged)

    assert response.status_code == 403
    assert not Round.objects.filter(game=game).exists()


def test_a_move_with_the_token_is_played(browser, game):
    move = {"move": "rock", "round_no": 1, "csrfmiddlewaretoken": token(browser)}

    response = browser.post(f"/play/{game.pk}/move/", move)

    assert response.status_code in (200, 302)
    assert Round.objects.filter(game=game).count() == 1


def test_a_staff_session_needs_the_token_on_the_api_too():
    staff = get_user_model().objects.create_user("staff", password="pw", is_staff=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)

    response = client.post("/api/v1/models/reload", {"family": "xgboost"})

    assert response.status_code == 403
    assert "CSRF" in str(response.json())
    assert not ServingGeneration.objects.exists()
