"""An external promoter's report becomes promotion state (a swap's totals are the next
baseline, since-swap counts join the test's history, the cycle count is added to). Reports
that would corrupt it are refused with the reason and store nothing, and the next real cycle
decides on the counters as if they had never been sent."""

from __future__ import annotations

from typing import Any

import pytest

from promotion.models import PromotionEvent
from promotion.services import cycle_run
from tests.promotion.conftest import set_counters
from training.registry.selectors import alias_versions

pytestmark = pytest.mark.django_db

FAMILY = "xgboost"


def report(**overrides: Any) -> dict[str, Any]:
    return {
        "family": FAMILY,
        "decision": "retain_production",
        "reorder_applied": False,
        "production_wins": 2,
        "production_total_games": 10,
        "b_wins": 9,
        "b_total_games": 10,
        "production_games_since_swap": 10,
        "production_wins_since_swap": 2,
        "b_games_since_swap": 10,
        "b_wins_since_swap": 9,
        "promotion_cycles_since_swap": 1,
        **overrides,
    }


HOSTILE = {
    "a swap past the counters": report(
        decision="swap_production_b", production_total_games=10_000, b_total_games=10_000,
        promotion_cycles_since_swap=0,
    ),
    "more wins than the counters": report(b_wins=10, b_wins_since_swap=10),
    "since-swap games nobody counted": report(b_games_since_swap=500, b_total_games=500),
    "a cycle count that skips ahead": report(promotion_cycles_since_swap=2_000_000_000),
    "a swap that does not restart the count": report(
        decision="swap_production_b", promotion_cycles_since_swap=7
    ),
    "counts past the column": report(b_total_games=2**31, b_games_since_swap=2**31),
}  # fmt: skip


@pytest.fixture
def client(internal_client):
    return internal_client


def test_hostile_reports_are_refused_and_the_next_cycle_swaps_on_the_counters(
    client, four_aliases, settings
):
    versions = four_aliases(FAMILY)
    settings.PROMOTION_METHOD = "point"
    settings.PROMOTION_MIN_GAMES = 3
    set_counters(FAMILY, "Production", games=10, wins=2)
    set_counters(FAMILY, "B", games=10, wins=9)

    for name, body in HOSTILE.items():
        response = client.post("/internal/promotion/report", body, format="json")
        assert response.status_code == 400, (name, response.json())
        assert response.json()["error"] in ("report_refused", "invalid_input"), name
    assert not PromotionEvent.objects.exists()

    outcome = cycle_run(family=FAMILY)

    assert outcome.decision == "swap_production_b"
    assert alias_versions(family=FAMILY)["Production"] == versions["B"].version
    swap = PromotionEvent.objects.get()
    assert (swap.production_total_games, swap.b_total_games) == (10, 10)


def test_a_report_within_the_counters_is_stored_and_the_cycle_after_it_still_decides(
    client, four_aliases, settings
):
    four_aliases(FAMILY)
    settings.PROMOTION_METHOD = "point"
    settings.PROMOTION_MIN_GAMES = 3
    set_counters(FAMILY, "Production", games=10, wins=2)
    set_counters(FAMILY, "B", games=10, wins=9)

    stored = client.post("/internal/promotion/report", report(), format="json")
    assert stored.status_code == 201, stored.json()

    outcome = cycle_run(family=FAMILY)

    assert outcome.decision == "swap_production_b"
    assert PromotionEvent.objects.latest("pk").promotion_cycles_since_swap == 0
