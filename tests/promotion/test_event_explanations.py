"""The plain-language explanation says what was decided, since when the games were counted,
the test's own sentence, and which aliases moved."""

from __future__ import annotations

from promotion.explain import alias_moves, explain_event
from tests.dashboards.promotion.conftest import XGB_EVENTS, at

SWAP_ROW = XGB_EVENTS[3]


def test_a_swap_is_explained_with_its_window_and_the_moves_it_caused():
    explanation = explain_event(
        decision="swap_production_b",
        reorder_applied=True,
        reason=SWAP_ROW[14],
        previous_swap_at=at("20:00:00"),
        assignments_before=SWAP_ROW[12],
        assignments_after=SWAP_ROW[13],
    )

    assert explanation.headline.startswith("B beat Production")
    assert explanation.counted_since == "since the swap on 2025-10-19 20:00 UTC"
    assert "B won 12 of 13 games (92%) against Production's 4 of 5 (80%)" in explanation.text
    assert [str(m) for m in explanation.moves] == [
        "Production: v1 → v3",
        "B: v3 → v4",
        "shadow1: v4 → v1",
    ]
    # The re-ranking sentence names the challengers only; Production moved by the swap.
    assert "B: v3 → v4, shadow1: v4 → v1" in explanation.reorder
    assert "Production" not in explanation.reorder.split("(")[1]


def test_a_first_window_is_counted_from_the_first_cycle():
    explanation = explain_event(
        decision="insufficient_data",
        reorder_applied=False,
        reason="B won 1 of 1 game (100%) against Production's 0 of 0 → not enough data yet.",
        previous_swap_at=None,
        assignments_before={"Production": 1},
        assignments_after={"Production": 1},
    )

    assert explanation.counted_since == "since the first cycle (no swap before)"
    assert explanation.reorder == "No challenger moved."
    assert explanation.moves == ()
    assert explanation.reason.endswith("not enough data yet")


def test_alias_moves_list_emptied_and_filled_aliases_in_serving_order():
    moves = alias_moves({"shadow2": 4, "B": 2, "Production": 1}, {"B": 5, "Production": 1})

    assert [str(m) for m in moves] == ["B: v2 → v5", "shadow2: v4 → empty"]


def test_a_sample_ratio_mismatch_says_why_nothing_was_decided():
    explanation = explain_event(
        decision="insufficient_data",
        reorder_applied=False,
        reason="Sample ratio mismatch: B played 20.0% of 200 games against a configured share "
        "of 50.0%; the split does not match it.",
        previous_swap_at=None,
        assignments_before={"Production": 1, "B": 2},
        assignments_after={"Production": 1, "B": 2},
        srm_mismatch=True,
    )

    assert "not split between Production and B as configured" in explanation.headline
    assert "20.0% of 200 games" in explanation.text
