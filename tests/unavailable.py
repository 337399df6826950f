"""What a test does when a real part it drives is not on this machine.

On a laptop running ``make test`` on SQLite, such a test is skipped, saying what it needs. In
CI, where ``.ci/run`` installs and starts every part (PostgreSQL, Redis, Chromium, the
PostgreSQL server binaries), a missing part is a failure: a green CI run never hides a test that
did not run."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def part_unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"CI provides every part, yet this test cannot run: {reason}")
    pytest.skip(reason)
