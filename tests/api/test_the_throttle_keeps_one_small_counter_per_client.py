"""A request costs the same however busy the client has been: the cache holds one integer per
(scope, client, window), not a list of every request's time as DRF's SimpleRateThrottle did."""

from __future__ import annotations

import pytest
import redis
from django.core.cache import cache
from rest_framework.test import APIClient

from core.throttling import EXPIRY_SLACK_SECONDS, counter_key, window
from tests.faults.services import private_redis
from tests.throttle_clock import MID_WINDOW, frozen_clock, set_rates

pytestmark = pytest.mark.django_db


BACKENDS = {
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "file": "django.core.cache.backends.filebased.FileBasedCache",
    "redis": "django.core.cache.backends.redis.RedisCache",
}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request, settings, tmp_path):
    """Each cache the project counts in: Redis in production, files without REDIS_URL."""
    if request.param != "redis":
        use_cache(settings, request.param, str(tmp_path))
        yield request.param
        return
    with private_redis() as server:  # its own server: the shared one serves other tests
        use_cache(settings, "redis", server.url())
        yield request.param


def use_cache(settings, backend: str, location: str) -> None:
    settings.CACHES = {"default": {"BACKEND": BACKENDS[backend], "LOCATION": location}}


def test_after_many_requests_the_cache_holds_one_integer(backend, settings, monkeypatch):
    frozen_clock(monkeypatch)
    set_rates(settings, play="5/minute")
    client = APIClient()

    codes = [client.post("/play", {}, format="json").status_code for _ in range(12)]

    number, _ = window(MID_WINDOW, 60)
    stored = cache.get(counter_key("play", "ip:127.0.0.1", number))
    assert codes == [400] * 5 + [429] * 7
    assert type(stored) is int
    assert stored == 12  # refused requests count too: hammering does not reopen the window


def test_a_rate_of_none_is_no_throttle_and_stores_nothing(backend, settings, monkeypatch):
    frozen_clock(monkeypatch)
    set_rates(settings, play=None)
    client = APIClient()

    codes = [client.post("/play", {}, format="json").status_code for _ in range(5)]

    number, _ = window(MID_WINDOW, 60)
    assert codes == [400] * 5
    assert cache.get(counter_key("play", "ip:127.0.0.1", number)) is None


def test_in_redis_the_counter_expires_soon_after_its_window(settings, monkeypatch):
    frozen_clock(monkeypatch)
    set_rates(settings, play="5/minute")
    with private_redis() as server:
        use_cache(settings, "redis", server.url())
        for _ in range(3):
            APIClient().post("/play", {}, format="json")

        number, _ = window(MID_WINDOW, 60)
        key = cache.make_key(counter_key("play", "ip:127.0.0.1", number))
        ttl = redis.Redis(port=server.port).ttl(key)

    # INCR keeps the expiry the window's first request set (the other caches' incr resets it)
    assert 0 < ttl <= 60 + EXPIRY_SLACK_SECONDS


def test_in_redis_a_request_costs_one_round_trip(settings, monkeypatch):
    frozen_clock(monkeypatch)
    set_rates(settings, play="5/minute")
    sent: list[int] = []
    send = redis.connection.AbstractConnection.send_packed_command

    def counting(self, command, *args, **kwargs):
        sent.append(1)
        return send(self, command, *args, **kwargs)

    with private_redis() as server:
        use_cache(settings, "redis", server.url())
        APIClient().post("/play", {}, format="json")  # the window's first request
        monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counting)
        APIClient().post("/play", {}, format="json")
        trips = len(sent)
        number, _ = window(MID_WINDOW, 60)
        stored = cache.get(counter_key("play", "ip:127.0.0.1", number))

    assert trips == 1  # Django's own incr sends two: EXISTS, then INCRBY
    assert stored == 2
