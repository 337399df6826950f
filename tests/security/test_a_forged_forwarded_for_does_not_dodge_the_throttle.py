"""With no proxy trusted (the default), X-Forwarded-For is whatever the client wrote: a client
sending a different forged address on every request is still counted on its REMOTE_ADDR."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.throttle_clock import frozen_clock, private_cache, set_rates

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_a_minute(settings, monkeypatch):
    private_cache(settings)
    frozen_clock(monkeypatch)
    set_rates(settings, play="3/minute")
    assert settings.TRUSTED_PROXY_COUNT == 0


def test_forged_addresses_from_one_client_share_its_budget(three_a_minute):
    client = APIClient()

    codes = [
        client.post(
            "/play", {}, format="json", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=forged
        ).status_code
        for forged in ("10.0.0.1", "10.0.0.2", "10.0.0.3, 10.0.0.4", "10.0.0.5", "10.0.0.6")
    ]

    # Under the limit the empty body is refused by validation (400); over it, by the throttle.
    assert codes == [400, 400, 400, 429, 429]


def test_another_address_still_has_its_own_budget(three_a_minute):
    client = APIClient()
    for _ in range(3):
        client.post("/play", {}, format="json", REMOTE_ADDR="198.51.100.7")

    response = client.post(
        "/play", {}, format="json", REMOTE_ADDR="198.51.100.8", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )

    assert response.status_code == 400
