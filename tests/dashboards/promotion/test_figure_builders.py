"""The pure figure builders draw the ledger's own numbers: the cumulative line goes on at a swap
while the since-swap line drops to zero, re-rankings are marked but reset nothing, the evidence
is on a log axis against alpha, and decisions keep their real values."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dashboards.figures import promotion as figures
from tests.dashboards.promotion.points import review_points

SWAP_INDEX = 3  # the 22:37:44 swap in the review table


def named(figure, name):
    found = [t for t in figure.data if t.name == name]
    assert len(found) == 1, [t.name for t in figure.data]
    return found[0]


def test_the_since_swap_line_is_zero_right_after_the_swap_while_the_cumulative_one_is_not():
    points = review_points()
    cumulative = figures.cumulative_figure(points)
    since = figures.since_swap_figure(points)

    b_total = named(cumulative, "B games (cumulative)").y
    b_since = named(since, "B games since swap").y
    p_since = named(since, "Production games since swap").y
    assert list(b_total) == [17, 24, 30, 30, 31, 31, 31, 31]
    assert list(named(cumulative, "Production games (cumulative)").y) == [
        11, 14, 16, 16, 16, 16, 16, 17,
    ]  # fmt: skip
    assert list(b_since) == [0, 7, 13, 0, 1, 1, 1, 1]
    assert list(p_since) == [0, 3, 5, 0, 0, 0, 0, 1]
    assert b_since[SWAP_INDEX] == 0 and b_total[SWAP_INDEX] == 30


def test_the_baseline_steps_up_at_each_swap_and_only_there():
    cumulative = figures.cumulative_figure(review_points())

    assert list(named(cumulative, "Production baseline (last swap)").y) == [11] * 3 + [16] * 5
    assert list(named(cumulative, "B baseline (last swap)").y) == [17] * 3 + [30] * 5
    assert named(cumulative, "B baseline (last swap)").line.shape == "hv"


def test_swaps_are_vertical_lines_and_reorders_have_their_own_markers():
    points = review_points()
    since = figures.since_swap_figure(points)

    swap_lines = [s for s in since.layout.shapes if s.type == "line"]
    assert sorted(s.x0 for s in swap_lines) == [points[0].created_at, points[3].created_at]
    swaps = named(since, "Production/B swap (tickers reset)")
    assert list(swaps.x) == [points[0].created_at, points[3].created_at]
    assert list(swaps.y) == [0, 0]
    reorders = named(since, "challenger re-ranking (no reset)")
    # The swap at 22:37:44 also re-ranked, but it is drawn as a swap: reorders never reset.
    assert list(reorders.x) == [points[i].created_at for i in (1, 2, 4, 6)]
    assert list(reorders.y) == [7, 13, 1, 1]
    assert reorders.marker.symbol == "diamond-open"


def test_the_evidence_is_on_a_log_axis_against_alpha_with_the_z_test_for_contrast():
    points = review_points()
    figure = figures.evidence_figure(points)

    assert figure.layout.yaxis.type == "log"
    avp = named(figure, "always-valid p (sequential)")
    assert list(avp.y) == [0.031, 0.8, 0.2, 0.04, 1.0, 1.0, 1.0, 1.0]
    assert list(avp.customdata) == [0, 1, 2, 0, 1, 2, 3, 4]
    classic = named(figure, "z-test p (classic, not valid under repeated looks)")
    assert list(classic.y) == [0.018, 0.31, 0.12, 0.029, None, None, None, None]
    assert list(named(figure, "alpha").y) == [0.05] * 8
    assert list(named(figure, "Production/B swap (evidence restarts)").y) == [0.031, 0.04]


def test_an_underflowed_always_valid_p_is_drawn_at_the_floor_not_dropped():
    point = review_points()[1]
    tiny = figures.EventPoint(**{**_fields(point), "always_valid_p_value": 0.0})

    figure = figures.evidence_figure([tiny])

    assert list(named(figure, "always-valid p (sequential)").y) == [figures.P_FLOOR]


def test_each_swap_closes_its_window_in_the_by_cycle_view():
    figure = figures.evidence_by_window_figure(review_points())

    windows = [(t.name, list(t.x), list(t.y)) for t in figure.data]
    assert windows == [
        ("up to the first swap shown", [1], [0.031]),
        ("since swap 2025-10-19 20:00", [1, 2, 3], [0.8, 0.2, 0.04]),
        ("since swap 2025-10-19 22:37", [1, 2, 3, 4], [1.0, 1.0, 1.0, 1.0]),
    ]
    assert [s.y0 for s in figure.layout.shapes] == [0.05]


def test_decisions_are_coloured_by_their_real_values_and_reorders_are_diamonds():
    points = review_points()
    figure = figures.decisions_figure(points)

    assert "alias_reorder" not in {t.name for t in figure.data}
    insufficient = named(figure, "insufficient_data")
    assert len(insufficient.x) == 5
    assert list(insufficient.marker.symbol) == ["diamond", "diamond", "circle", "diamond", "circle"]
    swap = named(figure, "swap_production_b")
    assert list(swap.marker.symbol) == ["circle", "diamond"]
    assert swap.marker.color == "#b3261e"
    assert [row[0] for row in named(figure, "retain_production").customdata] == [2]


def test_a_rollback_is_ringed_and_its_swap_line_dotted():
    points = review_points()
    points[SWAP_INDEX] = replace(points[SWAP_INDEX], rolled_back_swap=points[0].pk)

    rings = named(figures.decisions_figure(points), "○ rollback of the swap before")
    since = figures.since_swap_figure(points)

    assert list(rings.x) == [points[SWAP_INDEX].created_at]
    assert list(rings.customdata[0]) == [points[SWAP_INDEX].pk, points[0].pk]
    dashes = {s.x0: s.line.dash for s in since.layout.shapes if s.type == "line"}
    assert dashes == {points[0].created_at: "dash", points[SWAP_INDEX].created_at: "dot"}


@pytest.mark.parametrize(
    ("wins", "games", "low", "high"),
    [(12, 13, 0.667, 0.986), (4, 5, 0.376, 0.964)],
)
def test_win_rates_carry_wilson_intervals_as_error_bars(wins, games, low, high):
    figure = figures.win_rates_figure(
        [figures.SlotRate("B", wins, games), figures.SlotRate("Production", 0, 0)], title="t"
    )

    bar = figure.data[0]
    assert list(bar.x) == ["B", "Production"]
    assert bar.y[0] == pytest.approx(wins / games)
    assert bar.y[1] is None
    assert bar.y[0] + bar.error_y.array[0] == pytest.approx(high, abs=1e-3)
    assert bar.y[0] - bar.error_y.arrayminus[0] == pytest.approx(low, abs=1e-3)
    assert bar.text[1] == "no games since the swap"


def test_an_empty_ledger_gives_empty_but_valid_figures():
    for build in (
        figures.cumulative_figure,
        figures.since_swap_figure,
        figures.evidence_figure,
        figures.evidence_by_window_figure,
        figures.decisions_figure,
    ):
        figure = build([])
        assert figure.to_json()


def _fields(point):
    return {name: getattr(point, name) for name in figures.EVENT_POINT_FIELDS}
