"""Replaying the ledger: under the rule that made its decisions it reproduces every one of them
exactly; under another rule it says which swaps that rule would have made, and when."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from promotion.cycle import Counts
from promotion.models import PromotionEvent
from promotion.replay import replay
from promotion.selectors import ledger_rows
from promotion.services import cycle_run
from tests.promotion.conftest import set_counters

pytestmark = pytest.mark.django_db

FAMILY = "xgboost"
CYCLES = 8


@pytest.fixture
def ledger(four_aliases, settings) -> list[PromotionEvent]:
    """Eight real sequential cycles while B wins 65% of its games and Production 40%, each
    cycle 20 more games a slot: a few cycles of evidence, a swap, then a new window."""
    four_aliases(FAMILY)
    settings.PROMOTION_METHOD = "sequential"
    settings.PROMOTION_ALPHA = 0.05
    settings.PROMOTION_MIN_GAMES = 3
    for cycle in range(1, CYCLES + 1):
        set_counters(FAMILY, "Production", games=20 * cycle, wins=8 * cycle)
        set_counters(FAMILY, "B", games=20 * cycle, wins=13 * cycle)
        cycle_run(family=FAMILY)
    return list(PromotionEvent.objects.filter(family=FAMILY).order_by("pk"))


def test_the_rule_that_made_the_ledger_reproduces_it_exactly(ledger, settings) -> None:
    assert "swap_production_b" in {event.decision for event in ledger}
    assert ledger[0].decision != "swap_production_b"  # the test needed evidence first

    result = replay(ledger_rows(family=FAMILY), default_min_games=settings.PROMOTION_MIN_GAMES)

    assert [c.decision for c in result.cycles] == [event.decision for event in ledger]
    for cycle, event in zip(result.cycles, ledger, strict=True):
        if event.decision != "swap_production_b":  # a swap's row keeps the new, empty window
            assert cycle.production_since == Counts(
                event.production_games_since_swap, event.production_wins_since_swap
            )
            assert cycle.b_since == Counts(event.b_games_since_swap, event.b_wins_since_swap)
    out = StringIO()
    call_command("promotion_replay", family=FAMILY, stdout=out)
    assert "decisions that differ: 0" in out.getvalue()


def test_another_rule_shows_the_swaps_it_would_have_made(ledger, settings) -> None:
    recorded = [e.pk for e in ledger if e.decision == "swap_production_b"]

    result = replay(
        ledger_rows(family=FAMILY), method="point", default_min_games=settings.PROMOTION_MIN_GAMES
    )

    # The point rule swaps as soon as B's rate is ahead: at the first cycle, not after evidence.
    assert result.replayed_swaps[0].event_id == ledger[0].pk
    assert [row.event_id for row in result.recorded_swaps] == recorded
    assert result.differences
    out = StringIO()
    call_command("promotion_replay", family=FAMILY, method="point", stdout=out)
    text = out.getvalue()
    assert "under method point" in text
    assert f"replayed swaps: {len(result.replayed_swaps)}: #{ledger[0].pk} " in text
    assert "<- differs" in text


@pytest.mark.parametrize("option", [{"alpha": 0.0}, {"alpha": 0.9}, {"min_games": -1}])
def test_the_command_refuses_a_rule_that_is_not_one(ledger, option) -> None:
    with pytest.raises(CommandError):
        call_command("promotion_replay", family=FAMILY, **option)

