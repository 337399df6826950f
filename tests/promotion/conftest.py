from __future__ import annotations

import pytest

from promotion.models import PromotionEvent, SlotCounter
from promotion.services import cycle_run
from tests.registry.conftest import (  # noqa: F401
    empty_mlflow_db,
    mlflow_store,
    registered_version,
    tiny_models,
)


@pytest.fixture(autouse=True)
def _private_store(request):
    request.getfixturevalue("mlflow_store")


ALIASES = ("Production", "B", "shadow1", "shadow2")


@pytest.fixture
def four_aliases(request):
    """make(family) -> {alias: version}: four gated versions, one at each alias."""
    register = request.getfixturevalue("registered_version")

    def make(family: str = "xgboost"):
        return {alias: register(family, aliases=(alias,)) for alias in ALIASES}

    return make


def set_counters(family: str, slot: str, *, games: int, wins: int) -> None:
    """Put a slot's cumulative counters at the given raw values (standard difficulty)."""
    SlotCounter.objects.update_or_create(
        family=family,
        slot=slot,
        difficulty="standard",
        defaults={"games": games, "bot_wins": wins, "losses": games - wins},
    )


CYCLED_FAMILY = "xgboost"


@pytest.fixture
def cycled_ledger(four_aliases, settings) -> list[PromotionEvent]:
    """Eight real sequential cycles while B wins 65% of its games and Production 40%, each
    cycle 20 more games a slot: a few cycles of evidence, a swap, then a new window."""
    four_aliases(CYCLED_FAMILY)
    settings.PROMOTION_METHOD = "sequential"
    settings.PROMOTION_ALPHA = 0.05
    settings.PROMOTION_MIN_GAMES = 3
    for cycle in range(1, 8 + 1):
        set_counters(CYCLED_FAMILY, "Production", games=20 * cycle, wins=8 * cycle)
        set_counters(CYCLED_FAMILY, "B", games=20 * cycle, wins=13 * cycle)
        cycle_run(family=CYCLED_FAMILY)
    return list(PromotionEvent.objects.filter(family=CYCLED_FAMILY).order_by("pk"))


INTERNAL_TOKEN = "promotion-tests-internal-token"


@pytest.fixture
def internal_client(settings):
    """A client holding the internal token (an external promoter, Grafana)."""
    from rest_framework.test import APIClient

    settings.INTERNAL_API_TOKEN = INTERNAL_TOKEN
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {INTERNAL_TOKEN}")
    return client
