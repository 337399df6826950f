"""Two cycles of one family started at the same instant: at most one swap. On PostgreSQL a
second cycle that overlaps the first skips (skip_locked); one that comes after sees the swap."""

import threading

import pytest
from django.db import connection, connections

from promotion.models import PromotionEvent
from promotion.services import CycleReport, cycle_run
from tests.promotion.conftest import set_counters
from training.registry.selectors import alias_versions

FAMILY = "xgboost"


@pytest.mark.django_db(transaction=True)
def test_two_cycles_started_together_swap_at_most_once(four_aliases, settings):
    versions = four_aliases(FAMILY)
    settings.PROMOTION_METHOD = "point"
    settings.PROMOTION_MIN_GAMES = 3
    set_counters(FAMILY, "Production", games=10, wins=2)
    set_counters(FAMILY, "B", games=10, wins=9)
    barrier = threading.Barrier(2)
    reports: list[CycleReport] = []

    def cycle() -> None:
        try:
            barrier.wait()
            reports.append(cycle_run(family=FAMILY))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cycle) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    swaps = PromotionEvent.objects.filter(family=FAMILY, decision="swap_production_b")
    assert len(reports) == 2
    assert swaps.count() == 1
    assert sum(report.swapped for report in reports) == 1
    after = alias_versions(family=FAMILY)
    assert after["Production"] == versions["B"].version
    assert after["B"] == versions["Production"].version
    # The other cycle either skipped (it overlapped the first; PostgreSQL's skip_locked) or ran
    # strictly after it, on the swap's baseline: it never decides on the old counters.
    swap = swaps.get()
    for later in PromotionEvent.objects.filter(family=FAMILY, pk__gt=swap.pk):
        assert (later.production_games_since_swap, later.b_games_since_swap) == (0, 0)
    if connection.vendor == "postgresql":
        skipped = sum(report.skipped is not None for report in reports)
        events = PromotionEvent.objects.filter(family=FAMILY).count()
        assert skipped + events == 2
