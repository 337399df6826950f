"""Rates keep DRF's notation, so THROTTLE_*_RATE values that worked before still work; a rate
that cannot be read is a configuration error, not a limit silently dropped."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.throttling import Rate, parse_rate


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("600/minute", Rate(600, 60)),
        ("20/second", Rate(20, 1)),
        ("20/s", Rate(20, 1)),
        ("100/hour", Rate(100, 3600)),
        ("1000/day", Rate(1000, 86400)),
        ("3/min", Rate(3, 60)),
    ],
)
def test_a_rate_is_a_count_per_period(text, rate):
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["600", "many/minute", "600/fortnight", "600/", "1/2/minute"])
def test_an_unreadable_rate_is_a_configuration_error(text):
    with pytest.raises(ImproperlyConfigured, match="bad throttle rate"):
        parse_rate(text)
