"""Who a limit counts: a signed-in user is counted as themselves, wherever they come from; an
anonymous client per address, however many sessions or session ids it holds (both are free to
mint, so keying on them would hand out as many budgets as a client cares to create)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.throttle_clock import frozen_clock, private_cache, set_rates

pytestmark = pytest.mark.django_db

ROUNDS = "/api/v1/games/999999/rounds/"  # the throttle runs before the game is looked up


@pytest.fixture
def two_a_minute(settings, monkeypatch):
    private_cache(settings)
    frozen_clock(monkeypatch)
    set_rates(settings, play="2/minute", start="2/minute")


def signed_in(username: str) -> APIClient:
    user = get_user_model().objects.create_user(username, password="a-long-password-42")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_users_on_one_address_have_a_budget_each(two_a_minute):
    ana, bea = signed_in("ana"), signed_in("bea")

    ana_codes = [ana.post(ROUNDS, {}, format="json").status_code for _ in range(3)]
    bea_codes = [bea.post(ROUNDS, {}, format="json").status_code for _ in range(3)]

    assert ana_codes == [400, 400, 429]
    assert bea_codes == [400, 400, 429]


def test_a_user_keeps_one_budget_across_addresses(two_a_minute):
    ana = signed_in("ana")

    codes = [
        ana.post(ROUNDS, {}, format="json", REMOTE_ADDR=f"198.51.100.{n}").status_code
        for n in range(3)
    ]

    assert codes == [400, 400, 429]


def test_fresh_browser_sessions_do_not_buy_more_plays(two_a_minute):
    sessions = [APIClient(), APIClient(), APIClient()]
    for client in sessions[:2]:  # each start makes its client an anonymous session of its own
        started = client.post("/api/v1/games/", {"policy": "forrest"}, format="json")
        assert started.status_code == 201
        assert client.cookies["sessionid"].value

    codes = [client.post(ROUNDS, {}, format="json").status_code for client in sessions]

    assert codes == [400, 400, 429]


def test_session_ids_in_the_body_do_not_buy_more_plays(two_a_minute):
    client = APIClient()

    codes = [
        client.post("/play", {"session_id": f"s{n}"}, format="json").status_code for n in range(3)
    ]

    assert codes == [400, 400, 429]
