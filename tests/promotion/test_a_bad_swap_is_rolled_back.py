"""Automatic rollback: a swap whose new Production then wins far less often than the model it
replaced is undone by the next cycle, through the checked alias move, as its own ledger event
with its evidence; a swap whose model holds up stands, and a rollback is never rolled back."""

from __future__ import annotations

import pytest
from django.urls import reverse

from promotion.models import PromotionEvent
from promotion.replay import replay
from promotion.selectors import ledger_rows
from promotion.services import cycle_run
from tests.promotion.conftest import set_counters
from training.models import AliasChange, ModelVersion
from training.registry.selectors import alias_versions

pytestmark = pytest.mark.django_db

FAMILY = "xgboost"


@pytest.fixture
def swapped(four_aliases, settings) -> dict:
    """One z-test swap: Production won 180 of 300 games (60%), B 215 of 300 (72%)."""
    versions = four_aliases(FAMILY)
    settings.PROMOTION_METHOD = "ztest"
    settings.PROMOTION_ROLLBACK_PROBATION_GAMES = 1000
    set_counters(FAMILY, "Production", games=300, wins=180)
    set_counters(FAMILY, "B", games=300, wins=215)
    report = cycle_run(family=FAMILY)
    assert report.swapped and not report.rolled_back
    assert alias_versions(family=FAMILY)["Production"] == versions["B"].version
    return {"versions": versions, "swap": PromotionEvent.objects.get(pk=report.event_id)}


def _after_the_swap(production_wins: int) -> PromotionEvent:
    """200 games of the new Production with the given wins; B no better than it."""
    set_counters(FAMILY, "Production", games=500, wins=180 + production_wins)
    set_counters(FAMILY, "B", games=500, wins=215 + production_wins)
    return PromotionEvent.objects.get(pk=cycle_run(family=FAMILY).event_id)


def test_it_rolls_back_a_new_production_that_wins_far_less(swapped, admin_client) -> None:
    old, new = swapped["versions"]["Production"], swapped["versions"]["B"]

    event = _after_the_swap(production_wins=60)  # 30% against the old model's 60%

    assert event.decision == "swap_production_b"
    assert event.rolled_back_swap == swapped["swap"]
    assert event.rollback["roll_back"] is True and event.rollback["e_value"] >= 40
    assert event.rollback["reference_games"] == 300 and event.rollback["games"] == 200
    assert event.production_games_since_swap == 0 and event.promotion_cycles_since_swap == 0
    held = alias_versions(family=FAMILY)
    assert held["Production"] == old.version
    assert new.version not in held.values()
    # The challengers closed up behind the emptied B.
    assert held["B"] == swapped["versions"]["shadow1"].version
    new.refresh_from_db()
    assert new.stage == "rejected" and f"event {event.pk}" in new.stage_reason
    moves = AliasChange.objects.filter(promotion_event_id=event.pk)
    assert {m.reason for m in moves} == {"rollback"}
    assert event.reason.startswith(f"Rollback: probation of v{new.version}: 60 of 200")
    for page in (
        reverse("dashboards:event", args=[event.pk]),
        reverse("admin:promotion_promotionevent_change", args=[event.pk]),
    ):
        html = admin_client.get(page).content.decode()
        assert f"Rolled back: the model the last swap promoted (v{new.version})" in html, page

    # The rollback opened a new window with no probation: the next cycle checks nothing.
    set_counters(FAMILY, "Production", games=520, wins=250)
    following = PromotionEvent.objects.get(pk=cycle_run(family=FAMILY).event_id)
    assert following.rollback == {} and following.rolled_back_swap is None


def test_a_new_production_that_holds_up_stays(swapped) -> None:
    new = swapped["versions"]["B"]

    event = _after_the_swap(production_wins=130)  # 65% against the old model's 60%

    assert event.decision == "retain_production" and event.rolled_back_swap is None
    assert event.rollback["roll_back"] is False and event.rollback["e_value"] < 1
    assert "no rollback" in event.reason
    assert alias_versions(family=FAMILY)["Production"] == new.version
    assert ModelVersion.objects.get(pk=new.pk).stage == "production"


def test_the_probation_ends_after_its_games(swapped, settings) -> None:
    settings.PROMOTION_ROLLBACK_PROBATION_GAMES = 150
    checked = _after_the_swap(production_wins=130)  # began below 150 games: checked
    assert checked.rollback["roll_back"] is False

    # Then the new model collapses, but its probation is over: a regular window now.
    set_counters(FAMILY, "Production", games=800, wins=330)
    event = PromotionEvent.objects.get(pk=cycle_run(family=FAMILY).event_id)
    assert event.rollback == {} and event.rolled_back_swap is None
    assert alias_versions(family=FAMILY)["Production"] == swapped["versions"]["B"].version


def test_a_reported_swap_is_not_on_probation(swapped, internal_client) -> None:
    swap = swapped["swap"]
    swap.source = "report"
    swap.save(update_fields=["source"])

    event = _after_the_swap(production_wins=60)

    assert event.rollback == {} and event.rolled_back_swap is None


def test_the_replay_rolls_back_where_the_cycle_did(swapped, settings) -> None:
    _after_the_swap(production_wins=60)
    ledger = list(PromotionEvent.objects.filter(family=FAMILY).order_by("pk"))

    result = replay(
        ledger_rows(family=FAMILY),
        default_min_games=settings.PROMOTION_MIN_GAMES,
        probation_games=settings.PROMOTION_ROLLBACK_PROBATION_GAMES,
    )

    assert [(c.decision, c.rolled_back) for c in result.cycles] == [
        ("swap_production_b", False),
        ("swap_production_b", True),
    ]
    assert not result.differences and [e.rolled_back_swap_id for e in ledger] == [
        None,
        ledger[0].pk,
    ]
    # Without a probation the same ledger has no rollback: the replay tells them apart.
    assert replay(ledger_rows(family=FAMILY), default_min_games=3).differences
