"""The original system's bug: a cycle that only re-ranked the challengers stored the decision
``alias_reorder``. The decision is the test's result only; the re-ranking is ``reorder_applied``."""

import pytest
from django.db import IntegrityError, transaction

from promotion.models import PromotionEvent
from promotion.services import cycle_run
from tests.promotion.conftest import set_counters
from training.models import ChallengerAccuracy

pytestmark = pytest.mark.django_db

FAMILY = "xgboost"


def test_a_cycle_that_re_ranks_without_a_swap_stores_a_test_result(four_aliases, settings):
    versions = four_aliases(FAMILY)
    settings.PROMOTION_METHOD = "point"
    for alias, correct in (("B", 40), ("shadow1", 50), ("shadow2", 90)):
        ChallengerAccuracy.objects.create(
            family=FAMILY, alias=alias, version=versions[alias], rounds=100, correct=correct
        )
    set_counters(FAMILY, "Production", games=10, wins=8)
    set_counters(FAMILY, "B", games=10, wins=2)

    report = cycle_run(family=FAMILY)

    event = PromotionEvent.objects.get(pk=report.event_id)
    assert event.decision in ("retain_production", "insufficient_data")
    assert event.reorder_applied is True
    assert event.assignments_after["B"] == versions["shadow2"].version
    assert event.assignments_after["Production"] == versions["Production"].version
    assert not PromotionEvent.objects.filter(decision="alias_reorder").exists()


def test_the_database_refuses_an_alias_reorder_decision():
    with pytest.raises(IntegrityError), transaction.atomic():
        PromotionEvent.objects.create(
            family=FAMILY, decision="alias_reorder", method="point", alpha=0.05,
            production_total_games=0, production_wins=0, b_total_games=0, b_wins=0,
            production_games_since_swap=0, production_wins_since_swap=0,
            b_games_since_swap=0, b_wins_since_swap=0, promotion_cycles_since_swap=1,
            reorder_applied=True, reason="the original bug", source="manual",
        )  # fmt: skip
    assert not PromotionEvent.objects.exists()
