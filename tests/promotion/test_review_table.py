"""The xgboost table of promotion-review.md, through the real cycle service: the since-swap
figures are 5/13 before the 22:37:44 swap, 0/0 at it, then 0/1, 0/1, 0/1 and 1/1 — the tickers
reset on the Production/B swap and only there."""

import pytest

from promotion.models import PromotionEvent
from promotion.services import cycle_run
from tests.promotion.conftest import set_counters

pytestmark = pytest.mark.django_db

FAMILY = "xgboost"


def earlier_swap(*, production: tuple[int, int], b: tuple[int, int]) -> None:
    PromotionEvent.objects.create(
        family=FAMILY, decision="swap_production_b", method="point", alpha=0.05,
        production_total_games=production[0], production_wins=production[1],
        b_total_games=b[0], b_wins=b[1],
        production_games_since_swap=0, production_wins_since_swap=0,
        b_games_since_swap=0, b_wins_since_swap=0, promotion_cycles_since_swap=0,
        reorder_applied=False, reason="an earlier swap", source="manual",
    )  # fmt: skip


def since(event: PromotionEvent) -> tuple[int, int]:
    return (event.production_games_since_swap, event.b_games_since_swap)


def test_the_review_table_is_reproduced(four_aliases, settings):
    versions = four_aliases(FAMILY)
    settings.PROMOTION_METHOD = "point"  # the original rule, as deployed then
    # An earlier swap left the baseline at Production 9 of 11 and B 13 of 17 (wins of games).
    earlier_swap(production=(11, 9), b=(17, 13))

    set_counters(FAMILY, "Production", games=16, wins=13)
    set_counters(FAMILY, "B", games=30, wins=25)
    settings.PROMOTION_MIN_GAMES = 20  # 22:13:02: not yet enough since-swap games to decide
    before = PromotionEvent.objects.get(pk=cycle_run(family=FAMILY).event_id)
    settings.PROMOTION_MIN_GAMES = 3  # 22:37:44: B's since-swap 12/13 beats Production's 4/5
    swap = PromotionEvent.objects.get(pk=cycle_run(family=FAMILY).event_id)

    set_counters(FAMILY, "B", games=31, wins=26)
    after = [PromotionEvent.objects.get(pk=cycle_run(family=FAMILY).event_id) for _ in range(3)]
    set_counters(FAMILY, "Production", games=17, wins=14)
    last = PromotionEvent.objects.get(pk=cycle_run(family=FAMILY).event_id)

    assert before.decision == "insufficient_data"
    assert (before.production_total_games, before.b_total_games) == (16, 30)
    assert since(before) == (5, 13)
    assert swap.decision == "swap_production_b"
    assert (swap.production_wins, swap.production_total_games) == (13, 16)
    assert (swap.b_wins, swap.b_total_games) == (25, 30)
    assert since(swap) == (0, 0)
    assert swap.promotion_cycles_since_swap == 0
    assert [since(e) for e in after] == [(0, 1), (0, 1), (0, 1)]
    assert [e.promotion_cycles_since_swap for e in after] == [1, 2, 3]
    assert since(last) == (1, 1)
    assert swap.assignments_after["Production"] == versions["B"].version
    assert swap.assignments_after["B"] == versions["Production"].version
