"""The promotion actions of the admin: pause, resume and run a cycle now, through the same
services as the schedule, with the admin's name on the event, the alias changes and the
admin's history; a cycle that fails moves nothing and says where it stopped."""

from __future__ import annotations

import pytest

from promotion.models import CycleFailure, PromotionControl, PromotionEvent
from tests.admin.conftest import act, logged
from tests.promotion.conftest import set_counters
from training.models import AliasChange
from training.registry import selectors
from training.registry import store as registry

pytestmark = pytest.mark.django_db

FAMILY = "xgboost"
ALIASES = ("Production", "B", "shadow1", "shadow2")


@pytest.fixture
def b_has_won(registered_version, settings, admin_client) -> dict[str, int]:
    """Four versions on the four aliases, and counters on which B clearly beats Production."""
    held = {alias: registered_version(FAMILY, aliases=(alias,)).version for alias in ALIASES}
    settings.PROMOTION_METHOD = "point"
    settings.PROMOTION_MIN_GAMES = 3
    set_counters(FAMILY, "Production", games=10, wins=2)
    set_counters(FAMILY, "B", games=10, wins=9)
    admin_client.get("/admin/promotion/promotioncontrol/")  # every family gets its switch
    return held


def control() -> PromotionControl:
    return PromotionControl.objects.get(family=FAMILY)


def test_run_a_cycle_now_swaps_and_the_trail_names_the_admin_and_the_event(admin_client, b_has_won):
    _, shown = act(admin_client, PromotionControl, "run_cycle_now", [control()])

    event = PromotionEvent.objects.get()
    assert shown == [("success", f"{FAMILY}: decision=swap_production_b swap=True reorder=False")]
    assert (event.source, event.payload["actor"]) == ("manual", "root")
    swapped = {"Production": b_has_won["B"], "B": b_has_won["Production"]}
    assert registry.aliases(FAMILY) == {**b_has_won, **swapped}
    assert selectors.alias_versions(family=FAMILY) == {**b_has_won, **swapped}
    caused = AliasChange.objects.filter(promotion_event_id=event.pk).order_by("alias")
    assert [(c.alias, c.reason, c.actor) for c in caused] == [
        ("B", "cycle_swap", "root"),
        ("Production", "cycle_swap", "root"),
    ]
    assert logged(control()) == [f"root: ran a promotion cycle: event {event.pk}"]


def test_a_cycle_the_registry_refuses_moves_nothing_and_says_where_it_stopped(
    admin_client, b_has_won, lose_the_registry
):
    changes_before = AliasChange.objects.count()
    lose_the_registry()

    _, shown = act(admin_client, PromotionControl, "run_cycle_now", [control()])

    assert len(shown) == 1
    level, text = shown[0]
    assert level == "error"
    assert text.startswith(f"{FAMILY}: failed (apply: registry refused the alias moves")
    assert not PromotionEvent.objects.exists()  # the event went with the failed move
    assert selectors.alias_versions(family=FAMILY) == b_has_won
    assert AliasChange.objects.count() == changes_before
    failure = CycleFailure.objects.get()
    assert (failure.family, failure.stage, failure.source) == (FAMILY, "apply", "manual")
    assert logged(control()) == []


def test_pause_stops_the_cycle_until_resume_and_both_are_in_the_history(admin_client, b_has_won):
    _, shown = act(admin_client, PromotionControl, "pause_promotion", [control()])
    assert shown == [("success", f"{FAMILY}: promotion paused")]
    assert (control().paused, control().changed_by) == (True, "root")

    _, shown = act(admin_client, PromotionControl, "run_cycle_now", [control()])
    assert shown == [("warning", f"{FAMILY}: skipped (promotion paused by root)")]
    assert not PromotionEvent.objects.exists()
    assert selectors.alias_versions(family=FAMILY) == b_has_won

    _, shown = act(admin_client, PromotionControl, "resume_promotion", [control()])
    assert shown == [("success", f"{FAMILY}: promotion resumed")]
    assert control().paused is False
    assert logged(control()) == ["root: promotion paused", "root: promotion resumed"]
