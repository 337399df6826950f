from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_throttles() -> None:
    """promotion.stats is pure Python: these tests must not reach for Django's settings, so the
    project-wide throttle fixture is overridden with nothing for this directory."""
