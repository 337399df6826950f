"""Guardrails at work: B wins far more often, but its rounds were answered by the fallback (or its
model failed while answering), so
the cycle keeps Production, records which guardrail held and why, and the dashboard and admin
say so; the same B serving as well as Production is promoted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from games.models import Round
from promotion.models import PromotionEvent
from promotion.services import cycle_run
from tests.factories import finished_game
from tests.promotion.conftest import set_counters
from training.registry.selectors import alias_versions

pytestmark = pytest.mark.django_db

FAMILY = "xgboost"  # what finished_game(policy="forrest") plays


@pytest.fixture
def b_far_ahead(four_aliases, settings) -> dict:
    versions = four_aliases(FAMILY)
    settings.PROMOTION_METHOD = "ztest"  # one look is enough for it to swap on these counts
    settings.PROMOTION_GUARDRAIL_MIN_ROUNDS = 5
    for _ in range(8):
        finished_game(policy="forrest")
    assert Round.objects.filter(game__model_alias="B", is_gambit=False).count() >= 5
    set_counters(FAMILY, "Production", games=100, wins=40)
    set_counters(FAMILY, "B", games=100, wins=80)
    return versions


def test_a_b_answered_by_the_fallback_is_not_promoted(b_far_ahead, admin_client) -> None:
    Round.objects.filter(game__model_alias="B", is_gambit=False).update(
        prediction_source="fallback"
    )
    before = alias_versions(family=FAMILY)

    event = PromotionEvent.objects.get(pk=cycle_run(family=FAMILY).event_id)

    assert event.decision == "retain_production"
    assert alias_versions(family=FAMILY) == before
    fallback = next(v for v in event.guardrails if v["name"] == "fallback_rate")
    assert fallback["held"] is True and fallback["b"] == 1.0
    assert "A guardrail held, so B is not promoted: B's fallback rate 100.0%" in event.reason
    for page in (
        reverse("dashboards:event", args=[event.pk]),
        reverse("admin:promotion_promotionevent_change", args=[event.pk]),
    ):
        html = admin_client.get(page).content.decode()
        assert "B serves worse (fallback rate)" in html, page


def test_a_b_whose_model_failed_while_answering_is_not_promoted(b_far_ahead) -> None:
    Round.objects.filter(game__model_alias="B", is_gambit=False).update(
        prediction_source="model_error"
    )

    event = PromotionEvent.objects.get(pk=cycle_run(family=FAMILY).event_id)

    assert event.decision == "retain_production"
    errors = next(v for v in event.guardrails if v["name"] == "error_rate")
    assert errors["held"] is True and errors["b"] == 1.0
    assert "B's error rate 100.0%" in event.reason


def test_the_same_b_serving_as_well_is_promoted(b_far_ahead) -> None:
    event = PromotionEvent.objects.get(pk=cycle_run(family=FAMILY).event_id)

    assert event.decision == "swap_production_b"
    assert not any(v["held"] for v in event.guardrails)
    assert alias_versions(family=FAMILY)["Production"] == b_far_ahead["B"].version
