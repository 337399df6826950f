"""The two scenarios of promotion-review.md's "Technical Details", through the real service:
a challenger re-ranking keeps the tickers counting; a Production/B swap resets them."""

import pytest

from promotion.models import PromotionEvent
from promotion.services import cycle_run
from tests.promotion.conftest import set_counters
from tests.promotion.test_review_table import earlier_swap
from training.models import ChallengerAccuracy

pytestmark = pytest.mark.django_db

FAMILY = "xgboost"


def event_of(report) -> PromotionEvent:
    return PromotionEvent.objects.get(pk=report.event_id)


def test_a_challenger_reorder_keeps_the_tickers_counting(four_aliases, settings):
    versions = four_aliases(FAMILY)
    settings.PROMOTION_METHOD = "point"
    # Production 15/20, B 18/30 (wins/games); the last swap left the baseline at 10 and 15 games.
    earlier_swap(production=(10, 8), b=(15, 10))
    set_counters(FAMILY, "Production", games=20, wins=15)
    set_counters(FAMILY, "B", games=30, wins=18)
    for alias, accuracy in (("B", 0.40), ("shadow1", 0.65), ("shadow2", 0.50)):
        ChallengerAccuracy.objects.create(
            family=FAMILY, alias=alias, version=versions[alias], rounds=100,
            correct=int(accuracy * 100),
        )  # fmt: skip

    reordered = event_of(cycle_run(family=FAMILY))
    set_counters(FAMILY, "Production", games=21, wins=16)
    set_counters(FAMILY, "B", games=31, wins=18)
    after = event_of(cycle_run(family=FAMILY))

    assert reordered.decision == "retain_production"
    assert reordered.reorder_applied is True
    assert reordered.assignments_after["B"] == versions["shadow1"].version
    assert reordered.assignments_after["Production"] == versions["Production"].version
    assert (reordered.production_games_since_swap, reordered.b_games_since_swap) == (10, 15)
    assert (after.production_games_since_swap, after.b_games_since_swap) == (11, 16)
    assert after.promotion_cycles_since_swap == reordered.promotion_cycles_since_swap + 1


def test_a_production_swap_resets_the_tickers(four_aliases, settings):
    versions = four_aliases(FAMILY)
    settings.PROMOTION_METHOD = "point"
    earlier_swap(production=(10, 8), b=(15, 10))
    set_counters(FAMILY, "Production", games=20, wins=15)  # 7/10 since the last swap
    set_counters(FAMILY, "B", games=35, wins=28)  # 18/20 since the last swap

    swap = event_of(cycle_run(family=FAMILY))
    set_counters(FAMILY, "Production", games=21, wins=16)
    set_counters(FAMILY, "B", games=36, wins=29)
    after = event_of(cycle_run(family=FAMILY))

    assert swap.decision == "swap_production_b"
    assert (swap.production_total_games, swap.b_total_games) == (20, 35)
    assert (swap.production_games_since_swap, swap.b_games_since_swap) == (0, 0)
    assert swap.assignments_after["Production"] == versions["B"].version
    assert (after.production_games_since_swap, after.b_games_since_swap) == (1, 1)
    assert after.promotion_cycles_since_swap == 1
