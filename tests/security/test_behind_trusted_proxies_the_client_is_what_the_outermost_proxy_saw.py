"""TRUSTED_PROXY_COUNT=N: each of our N proxies appends the address it saw to X-Forwarded-For,
so the client is the N-th entry from the right. Entries to its left are the client's own words."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from core.throttling import client_ip
from tests.throttle_clock import frozen_clock, private_cache, set_rates

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


@pytest.mark.parametrize(
    ("remote_addr", "forwarded_for", "trusted", "client"),
    [
        (PROXY, "203.0.113.7", 1, "203.0.113.7"),
        (PROXY, "6.6.6.6, 203.0.113.7", 1, "203.0.113.7"),  # the forged entry is never read
        (PROXY, " 6.6.6.6 ,203.0.113.7 , 10.0.0.1 ", 2, "203.0.113.7"),
        (PROXY, "203.0.113.7", 2, PROXY),  # fewer entries than proxies: REMOTE_ADDR
        (PROXY, None, 1, PROXY),
        (PROXY, "", 1, PROXY),
        (PROXY, "6.6.6.6, not-an-address", 1, PROXY),
        (PROXY, "6.6.6.6, 203.0.113.7:4711", 1, PROXY),  # with a port: not an address either
        ("198.51.100.7", "203.0.113.7", 0, "198.51.100.7"),  # no proxy: the header is ignored
        ("::ffff:198.51.100.7", None, 0, "198.51.100.7"),
        (PROXY, "2001:db8:1:2:3:4:5:6", 1, "2001:db8:1:2::/64"),  # an IPv6 client's /64
        ("", None, 0, "unknown"),
    ],
)
def test_the_client_address_is_the_one_our_outermost_proxy_saw(
    remote_addr, forwarded_for, trusted, client
):
    assert client_ip(remote_addr, forwarded_for, trusted) == client


@pytest.fixture
def behind_one_proxy(settings, monkeypatch):
    private_cache(settings)
    frozen_clock(monkeypatch)
    set_rates(settings, play="2/minute")
    settings.TRUSTED_PROXY_COUNT = 1


def play(client: APIClient, forwarded_for: str) -> int:
    return client.post(
        "/play", {}, format="json", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for
    ).status_code


def test_the_right_most_entry_is_the_client_and_what_it_prepends_is_ignored(behind_one_proxy):
    client = APIClient()

    codes = [play(client, f"6.6.6.{n}, 203.0.113.7") for n in range(4)]

    assert codes == [400, 400, 429, 429]


def test_clients_behind_the_proxy_are_counted_apart(behind_one_proxy):
    client = APIClient()
    for _ in range(2):
        play(client, "203.0.113.7")

    assert play(client, "203.0.113.7") == 429
    assert play(client, "203.0.113.8") == 400
