"""Replaying the ledger: under the rule that made its decisions it reproduces every one of them
exactly; under another rule it says which swaps that rule would have made, and when."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from promotion.cycle import Counts
from promotion.models import PromotionEvent
from promotion.replay import LedgerRow, replay
from promotion.selectors import ledger_rows
from promotion.services import cycle_run
from tests.promotion.conftest import CYCLED_FAMILY, set_counters

pytestmark = pytest.mark.django_db

FAMILY = CYCLED_FAMILY


def test_the_rule_that_made_the_ledger_reproduces_it_exactly(cycled_ledger, settings) -> None:
    assert "swap_production_b" in {event.decision for event in cycled_ledger}
    assert cycled_ledger[0].decision != "swap_production_b"  # the test needed evidence first

    result = replay(ledger_rows(family=FAMILY), default_min_games=settings.PROMOTION_MIN_GAMES)

    assert [c.decision for c in result.cycles] == [event.decision for event in cycled_ledger]
    for cycle, event in zip(result.cycles, cycled_ledger, strict=True):
        if event.decision != "swap_production_b":  # a swap's row keeps the new, empty window
            assert cycle.production_since == Counts(
                event.production_games_since_swap, event.production_wins_since_swap
            )
            assert cycle.b_since == Counts(event.b_games_since_swap, event.b_wins_since_swap)
    out = StringIO()
    call_command("promotion_replay", family=FAMILY, stdout=out)
    assert "decisions that differ: 0" in out.getvalue()


def test_another_rule_shows_the_swaps_it_would_have_made(cycled_ledger, settings) -> None:
    recorded = [e.pk for e in cycled_ledger if e.decision == "swap_production_b"]

    result = replay(
        ledger_rows(family=FAMILY), method="point", default_min_games=settings.PROMOTION_MIN_GAMES
    )

    # The point rule swaps as soon as B's rate is ahead: at the first cycle, not after evidence.
    assert result.replayed_swaps[0].event_id == cycled_ledger[0].pk
    assert [row.event_id for row in result.recorded_swaps] == recorded
    assert result.differences
    out = StringIO()
    call_command("promotion_replay", family=FAMILY, method="point", stdout=out)
    text = out.getvalue()
    assert "under method point" in text
    assert f"replayed swaps: {len(result.replayed_swaps)}: #{cycled_ledger[0].pk} " in text
    assert "<- differs" in text


@pytest.mark.parametrize(
    "option", [{"alpha": 0.0}, {"alpha": 0.9}, {"min_games": -1}, {"horizon_games": -1}]
)
def test_the_command_refuses_a_rule_that_is_not_one(cycled_ledger, option) -> None:
    with pytest.raises(CommandError):
        call_command("promotion_replay", family=FAMILY, **option)


def test_a_ledger_whose_counts_go_back_is_replayed_not_refused() -> None:
    """Counters rebuilt, or a report that did not add up: the replay starts its evidence again
    where the counts go back, as a page must show the ledger whatever it holds."""
    at = datetime(2026, 12, 1, tzinfo=UTC)

    def row(event_id: int, production: Counts, b: Counts) -> LedgerRow:
        return LedgerRow(
            event_id, at, "schedule", "retain_production", "sequential", 0.05, 3,
            production, b, srm_mismatch=False, guardrail_held=False, b_held_a_model=True,
        )  # fmt: skip

    rows = [row(1, Counts(12, 8), Counts(16, 10)), row(2, Counts(15, 10), Counts(15, 10))]

    result = replay(rows, default_min_games=3)

    assert [c.decision for c in result.cycles] == ["retain_production", "retain_production"]
    assert result.cycles[1].explanation.startswith("the counts went back")


def test_a_ledger_made_with_a_horizon_look_is_reproduced_with_it(
    four_aliases, settings, admin_client
) -> None:
    """The look's horizon is recorded on every event, and the replay reads it from there: the
    rows' own rule reproduces the ledger, and without the look the decisions differ."""
    four_aliases(FAMILY)
    settings.PROMOTION_METHOD = "sequential"
    settings.PROMOTION_HORIZON_GAMES = 60
    # B 15 of 20 a cycle against 11 of 20: the running bet is far from its bar after three
    # cycles, but the look at the third (45 of 60 against 33 of 60, Fisher p 0.017) swaps.
    for cycle in range(1, 4):
        set_counters(FAMILY, "Production", games=20 * cycle, wins=11 * cycle)
        set_counters(FAMILY, "B", games=20 * cycle, wins=15 * cycle)
        cycle_run(family=FAMILY)
    ledger = list(PromotionEvent.objects.filter(family=FAMILY).order_by("pk"))
    assert [event.horizon_games for event in ledger] == [60, 60, 60]
    assert [event.decision for event in ledger] == ["retain_production"] * 2 + ["swap_production_b"]
    assert "one look at 60 games a slot: Fisher p = 0.02 ≤ 0.04" in ledger[-1].reason

    same = replay(ledger_rows(family=FAMILY), default_min_games=3)
    without = replay(ledger_rows(family=FAMILY), default_min_games=3, horizon_games=0)

    assert not same.differences
    assert [c.decision for c in without.cycles] == ["retain_production"] * 3
    out = StringIO()
    call_command("promotion_replay", family=FAMILY, horizon_games=0, stdout=out)
    assert "decisions that differ: 1" in out.getvalue()
    page = admin_client.get(reverse("dashboards:replay", args=[FAMILY]), {"horizon_games": 0})
    assert page.status_code == 200 and "Look at games a slot" in page.content.decode()
    assert page.context["result"].differences
