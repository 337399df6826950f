"""Rate limits per scope, read from settings at request time (DRF's ScopedRateThrottle reads
them once at import) and counted in the shared cache, so every worker and replica agrees.

Each limit is a fixed-window counter: one small integer per (scope, client, window), incremented
once per request. DRF's SimpleRateThrottle instead rewrites a list of every request's timestamp
on each request, so its cost grew with traffic. A fixed window lets a client burst up to twice
the limit across a window boundary; for protecting the service that is a fair price.

Who the client is: a signed-in user is counted as themselves, anyone else per IP address. An
anonymous player's identity (a Django session, or the original clients' ``session_id``) is not
used: the first is free to mint (every start from a fresh client makes one, the browser's form
is not throttled) and the second is chosen by the client, so keying on either would hand a
client as many budgets as it cares to create. The address is REMOTE_ADDR unless
``TRUSTED_PROXY_COUNT`` proxies stand in front of us (see ``client_ip``).

The limits protect the service; they are not worth more than the service. When the cache is
unreachable (Redis down) a request is let through and the failure logged: gameplay goes on."""

from __future__ import annotations

import ipaddress
import logging
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

logger = logging.getLogger("core.throttling")

PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# A counter outlives its window a little, so a worker whose clock lags still finds it; the window
# number in the key, not the expiry, is what keeps one window's count out of the next.
EXPIRY_SLACK_SECONDS = 10
# An IPv6 client usually holds a whole /64: counting single addresses would give it 2**64 budgets.
IPV6_CLIENT_PREFIX = 64


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int


@lru_cache(maxsize=32)
def parse_rate(rate: str) -> Rate:
    """DRF's notation: "600/minute", "20/second", "100/hour", "1000/day" (only the period's
    first letter counts, as in DRF)."""
    try:
        count, period = rate.split("/")
        return Rate(limit=int(count), seconds=PERIOD_SECONDS[period.strip()[0].lower()])
    except (ValueError, KeyError, IndexError) as error:
        raise ImproperlyConfigured(f"bad throttle rate {rate!r}: want e.g. '600/minute'") from error


def window(now: float, seconds: int) -> tuple[int, float]:
    """The number of the fixed window holding ``now``, and the seconds left until it ends."""
    number = int(now // seconds)
    return number, (number + 1) * seconds - now


def counter_key(scope: str, ident: str, window_number: int) -> str:
    return f"throttle:{scope}:{ident}:{window_number}"


def _canonical_ip(text: str) -> str | None:
    """The address as one spelling (so "::1" and "0::1" share a budget), or None if not one."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:  # a dual-stack socket's view of an IPv4 client
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/{IPV6_CLIENT_PREFIX}", strict=False))
    return str(address)


def client_ip(remote_addr: str, forwarded_for: str | None, trusted_proxies: int) -> str:
    """The client's address. With no trusted proxy, REMOTE_ADDR: X-Forwarded-For is whatever the
    client wrote. Behind N trusted proxies, each appends the address it saw, so the N-th entry
    from the right is what the outermost one saw: the client. Entries to its left are the
    client's own words and are never read. A short or malformed header falls back to
    REMOTE_ADDR, which errs towards one shared budget, never towards more budgets."""
    fallback = _canonical_ip(remote_addr.strip()) or "unknown"
    if trusted_proxies <= 0 or not forwarded_for:
        return fallback
    hops = [hop.strip() for hop in forwarded_for.split(",")]
    if len(hops) < trusted_proxies:
        return fallback
    return _canonical_ip(hops[-trusted_proxies]) or fallback


# Create the window's counter with its expiry if it is missing, then count the request: one
# command and one reply a request (Django's incr asks EXISTS first, a second round trip), and
# atomic, so an expiry falling in between cannot leave a counter that never expires.
_COUNT_SCRIPT = """
redis.call('SET', KEYS[1], 0, 'EX', ARGV[1], 'NX')
return redis.call('INCR', KEYS[1])
"""
# The script, bound to one redis-py client per cache backend (Django keeps a backend per
# thread, and its get_client builds a new client, a few dozen dicts, on every call).
_scripts: weakref.WeakKeyDictionary[RedisCache, Any] = weakref.WeakKeyDictionary()


def _count_script(redis_cache: RedisCache) -> Any:
    script = _scripts.get(redis_cache)
    if script is None:
        # Django's cache has no "increment, creating with a timeout"; its client is private
        # but plain redis-py, and the stored integer reads back through cache.get as usual.
        client = redis_cache._cache.get_client(write=True)  # type: ignore[attr-defined]
        script = _scripts[redis_cache] = client.register_script(_COUNT_SCRIPT)
    return script


def _count(key: str, timeout: int) -> int:
    """One more request on the window's counter; the count so far."""
    backend = caches[DEFAULT_CACHE_ALIAS]  # not the proxy `cache`, which hides the class
    if isinstance(backend, RedisCache):
        return _count_in_redis(backend, key, timeout)
    # The file and local-memory caches: incr is a get and a set, which may miss a concurrent
    # request (close enough for a limit), and it resets the entry's expiry to their default,
    # so there a window longer than that default may restart after a quiet spell.
    try:
        return backend.incr(key)  # the common case: the window has its counter already
    except ValueError:  # the window's first request, or a concurrent one made it first
        if backend.add(key, 1, timeout=timeout):
            return 1
        return backend.incr(key)


def _count_in_redis(redis_cache: RedisCache, key: str, timeout: int) -> int:
    full_key = redis_cache.make_and_validate_key(key)
    return int(_count_script(redis_cache)(keys=[full_key], args=[timeout]))


class _ScopeThrottle(BaseThrottle):
    scope = ""
    timer: Callable[[], float] = time.time  # read once per request; tests freeze it

    def __init__(self) -> None:
        self._seconds_left: float | None = None

    def get_rate(self) -> Rate | None:
        rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].get(self.scope)
        return None if rate is None else parse_rate(rate)

    def get_ident(self, request: Request) -> str:
        # DRF's own get_ident trusts X-Forwarded-For unless NUM_PROXIES is set; ours reads the
        # one setting both follow (rpsweb/settings/api.py).
        return client_ip(
            request.META.get("REMOTE_ADDR", ""),
            request.META.get("HTTP_X_FORWARDED_FOR"),
            getattr(settings, "TRUSTED_PROXY_COUNT", 0),
        )

    def client_ident(self, request: Request) -> str:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return f"user:{user.pk}"
        return f"ip:{self.get_ident(request)}"

    def allow_request(self, request: Request, view: Any) -> bool:
        rate = self.get_rate()  # a bad rate is a configuration error: raised, not let through
        if rate is None:
            return True
        number, self._seconds_left = window(self.timer(), rate.seconds)
        key = counter_key(self.scope, self.client_ident(request), number)
        try:
            return _count(key, timeout=rate.seconds + EXPIRY_SLACK_SECONDS) <= rate.limit
        except Exception as error:  # any cache backend's failure: redis, file system, ...
            logger.warning(
                "throttle %s not applied: the cache failed (%s: %s)",
                self.scope,
                type(error).__name__,
                error,
                extra={"throttle_scope": self.scope, "error_type": type(error).__name__},
            )
            return True

    def wait(self) -> float | None:
        """Seconds until the window ends and the count starts over: DRF's Retry-After."""
        return self._seconds_left


class PlayThrottle(_ScopeThrottle):
    scope = "play"


class StartGameThrottle(_ScopeThrottle):
    scope = "start"


class TokenThrottle(_ScopeThrottle):
    scope = "token"
