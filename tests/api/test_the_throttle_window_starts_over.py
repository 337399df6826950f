"""The limits count in fixed windows: the count starts over when the window ends, and a refused
client is told, in Retry-After, how long until then."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from core.throttling import counter_key, window
from tests.throttle_clock import frozen_clock, private_cache, set_rates

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("now", "seconds", "number", "left"),
    [
        (0.0, 1, 0, 1.0),
        (10.25, 1, 10, 0.75),
        (119.0, 60, 1, 1.0),
        (120.0, 60, 2, 60.0),  # a window's first instant belongs to it
        (7200.5, 3600, 2, 3599.5),
        (86399.0, 86400, 0, 1.0),
    ],
)
def test_the_window_is_the_period_holding_now(now, seconds, number, left):
    assert window(now, seconds) == (number, left)


def test_each_window_counts_on_a_key_of_its_own():
    keys = {counter_key("play", "ip:198.51.100.7", number) for number in (41, 42)}
    keys |= {counter_key("start", "ip:198.51.100.7", 42), counter_key("play", "user:1", 42)}

    assert len(keys) == 4


@pytest.fixture
def client_and_clock(settings, monkeypatch):
    private_cache(settings)
    set_rates(settings, play="3/second")
    return APIClient(), frozen_clock(monkeypatch, now=1_800_000_000.25)


def play(client: APIClient) -> int:
    return client.post("/play", {}, format="json").status_code


def test_the_count_starts_over_when_the_window_ends(client_and_clock):
    client, clock = client_and_clock
    first = [play(client) for _ in range(4)]
    clock.now += 0.7  # 0.95: the same second
    same_second = play(client)
    clock.now += 0.05  # a new second

    second = [play(client) for _ in range(4)]

    assert first == [400, 400, 400, 429]
    assert same_second == 429
    assert second == [400, 400, 400, 429]


def test_retry_after_is_the_time_left_in_the_window(settings, monkeypatch):
    private_cache(settings)
    set_rates(settings, play="1/minute")
    frozen_clock(monkeypatch, now=1_800_000_000.0 + 12.5)  # 1_800_000_000 is a whole minute
    client = APIClient()
    play(client)

    response = client.post("/play", {}, format="json")

    assert response.status_code == 429
    assert response["Retry-After"] == "48"  # 47.5 seconds, rounded up
