"""A cycle whose window is not split between Production and B as configured decides nothing:
it records insufficient_data with the split in its reason, swaps nothing however well B did,
and says so on /metrics, on the dashboard and in admin. The same counts under the share they
match do swap."""

from __future__ import annotations

import pytest
from django.urls import reverse

from promotion.models import PromotionEvent
from promotion.services import cycle_run
from tests.operations.test_metrics_endpoint import sample
from tests.promotion.conftest import set_counters
from training.registry.selectors import alias_versions

pytestmark = pytest.mark.django_db

FAMILY = "xgboost"


@pytest.fixture
def b_far_ahead_on_a_fifth_of_the_games(four_aliases, settings) -> dict:
    versions = four_aliases(FAMILY)
    settings.PROMOTION_METHOD = "ztest"  # one look is enough for it to swap on these counts
    settings.ENABLE_AB_TESTING = True
    set_counters(FAMILY, "Production", games=160, wins=40)
    set_counters(FAMILY, "B", games=40, wins=38)
    return versions


def test_an_80_20_split_under_50_50_is_caught_and_nothing_swaps(
    b_far_ahead_on_a_fifth_of_the_games, settings, admin_client
) -> None:
    settings.AB_B_SHARE = 0.5
    before = alias_versions(family=FAMILY)

    report = cycle_run(family=FAMILY)

    event = PromotionEvent.objects.get(pk=report.event_id)
    assert event.decision == "insufficient_data"
    assert event.srm_mismatch is True and event.srm_e_value >= 1 / settings.PROMOTION_SRM_ALPHA
    assert event.reason.startswith("Sample ratio mismatch: B played 20.0% of 200 games")
    assert "Not acted on" in event.reason  # what the test alone would have done, for the record
    assert alias_versions(family=FAMILY) == before
    text = admin_client.get("/metrics").content.decode()
    assert sample(text, "rps_model_promotion_srm_mismatch", model=FAMILY) == 1
    assert sample(text, "rps_model_promotion_srm_mismatches_total", model=FAMILY) >= 1
    headline = "not split between Production and B as configured"
    for page in (
        reverse("dashboards:event", args=[event.pk]),
        reverse("admin:promotion_promotionevent_change", args=[event.pk]),
    ):
        assert headline in admin_client.get(page).content.decode(), page


def test_the_same_counts_under_a_20_percent_share_swap(
    b_far_ahead_on_a_fifth_of_the_games, settings, client
) -> None:
    settings.AB_B_SHARE = 0.2
    versions = b_far_ahead_on_a_fifth_of_the_games

    report = cycle_run(family=FAMILY)

    event = PromotionEvent.objects.get(pk=report.event_id)
    assert event.decision == "swap_production_b", event.reason
    assert event.srm_mismatch is False and event.srm_e_value < 1 / settings.PROMOTION_SRM_ALPHA
    assert alias_versions(family=FAMILY)["Production"] == versions["B"].version
    text = client.get("/metrics").content.decode()
    assert sample(text, "rps_model_promotion_srm_mismatch", model=FAMILY) == 0


def test_without_a_b_share_the_split_is_not_checked(
    b_far_ahead_on_a_fifth_of_the_games, settings
) -> None:
    settings.ENABLE_AB_TESTING = False

    event = PromotionEvent.objects.get(pk=cycle_run(family=FAMILY).event_id)

    assert event.srm_e_value is None and event.srm_mismatch is False
