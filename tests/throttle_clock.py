"""Common ground of the throttle tests: a cache of their own (another test run on this machine
may clear the shared one) and a clock they hold, so a fixed window never ends mid-test."""

from __future__ import annotations

import uuid
from typing import Any

from core.throttling import _ScopeThrottle

# Thirty seconds into a minute, an hour and a day: every window in a test has time to run.
MID_WINDOW = 1_800_000_030.0


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def set_rates(settings: Any, **rates: str | None) -> None:
    """Rates set the way deployments set them (THROTTLE_*_RATE land in these)."""
    merged = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": merged}


def private_cache(settings: Any) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"throttle-test-{uuid.uuid4().hex}",
        }
    }


def frozen_clock(monkeypatch: Any, now: float = MID_WINDOW) -> Clock:
    clock = Clock(now)
    # A callable object, not a function: read from the class it is not bound to the throttle.
    monkeypatch.setattr(_ScopeThrottle, "timer", clock)
    return clock
