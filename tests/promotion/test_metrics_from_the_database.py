"""/metrics shows what the database says: slot counters counted by finished games, tickers since
the last swap and the cycle count that a cycle (in any process) recorded."""

import pytest

from promotion.models import PromotionEvent
from promotion.services import cycle_run
from tests.factories import finished_game
from tests.operations.test_metrics_endpoint import sample
from tests.promotion.conftest import set_counters

pytestmark = pytest.mark.django_db(transaction=True)


def test_tickers_and_counters_on_metrics_equal_the_database(client, four_aliases, settings):
    versions = four_aliases("xgboost")
    settings.PROMOTION_METHOD = "point"
    set_counters("xgboost", "Production", games=10, wins=2)
    set_counters("xgboost", "B", games=10, wins=9)
    swap = PromotionEvent.objects.get(pk=cycle_run(family="xgboost").event_id)
    assert swap.decision == "swap_production_b"
    before = client.get("/metrics").content.decode()
    games = [finished_game(policy="forrest") for _ in range(4)]
    cycle_run(family="xgboost")

    text = client.get("/metrics").content.decode()

    for slot in ("Production", "B"):
        played = sum(g.model_alias == slot for g in games)
        assert sample(text, "rps_model_games_since_production_swap", model="xgboost",
                      alias=slot) == played  # fmt: skip
    assert sample(text, "rps_model_promotion_cycles_since_swap", model="xgboost") == 1
    assert sample(text, "rps_model_age_seconds", model="xgboost", alias="Production",
                  version=str(versions["B"].version)) > 0  # fmt: skip
    counted = sample(text, "rps_model_games_by_alias_total", model="xgboost") - sample(
        before, "rps_model_games_by_alias_total", model="xgboost"
    )
    assert counted == 4
    assert sample(text, "rps_model_promotion_events_total", model="xgboost",
                  decision="swap_production_b") >= 1  # fmt: skip
