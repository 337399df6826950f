"""The alias timeline turns the audit trail into holding periods: pure, no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dashboards.figures.models import (
    AliasMove,
    AliasSegment,
    alias_segments,
    alias_timeline_figure,
)

T0 = datetime(2026, 1, 1, tzinfo=UTC)
NOW = T0 + timedelta(days=10)


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


TRAIL = [
    AliasMove("Production", None, 1, day(0)),
    AliasMove("B", None, 2, day(0)),
    AliasMove("Production", 1, 2, day(2)),  # the swap
    AliasMove("B", 2, 1, day(2)),
    AliasMove("B", 1, 3, day(3)),  # a re-ranking
]
CURRENT = {"Production": (2, day(2)), "B": (3, day(3))}


def test_each_version_holds_an_alias_from_one_change_to_the_next() -> None:
    segments = alias_segments(TRAIL, CURRENT, NOW)

    assert segments == [
        AliasSegment("Production", 1, day(0), day(2), False),
        AliasSegment("Production", 2, day(2), NOW, True),
        AliasSegment("B", 2, day(0), day(2), False),
        AliasSegment("B", 1, day(2), day(3), False),
        AliasSegment("B", 3, day(3), NOW, True),
    ]


def test_a_holder_the_trail_never_recorded_starts_when_it_was_assigned() -> None:
    segments = alias_segments([], {"shadow2": (4, day(5))}, NOW)

    assert segments == [AliasSegment("shadow2", 4, day(5), NOW, True)]


def test_when_the_mirror_disagrees_with_the_trail_the_mirror_wins_from_its_assignment() -> None:
    trail = [AliasMove("shadow1", None, 3, day(0))]

    segments = alias_segments(trail, {"shadow1": (5, day(4))}, NOW)

    assert segments == [
        AliasSegment("shadow1", 3, day(0), day(4), False),
        AliasSegment("shadow1", 5, day(4), NOW, True),
    ]


def test_a_removed_alias_ends_at_its_removal() -> None:
    trail = [AliasMove("shadow2", None, 4, day(0)), AliasMove("shadow2", 4, None, day(1))]

    assert alias_segments(trail, {}, NOW) == [AliasSegment("shadow2", 4, day(0), day(1), False)]


def test_the_gantt_bars_start_and_last_as_long_as_each_holding() -> None:
    figure = alias_timeline_figure(alias_segments(TRAIL, CURRENT, NOW))

    bars = {trace.name: trace for trace in figure.data}
    assert set(bars) == {"v1", "v2", "v3"}
    # v1 held Production for two days, then B for one day after the swap.
    assert list(bars["v1"].y) == ["Production", "B"]
    assert list(bars["v1"].base) == [day(0).isoformat(), day(2).isoformat()]
    assert list(bars["v1"].x) == [2 * 86_400_000.0, 86_400_000.0]
    # v2 moved from B to Production at the swap and holds it up to now.
    assert list(bars["v2"].y) == ["B", "Production"]
    assert list(bars["v2"].base) == [day(0).isoformat(), day(2).isoformat()]
    assert list(bars["v2"].x) == [2 * 86_400_000.0, 8 * 86_400_000.0]
    assert bars["v3"].x[0] == 7 * 86_400_000.0
    assert bars["v3"].customdata[0][2] == "now"
    assert figure.layout.xaxis.type == "date"


def test_an_empty_trail_draws_an_empty_timeline() -> None:
    figure = alias_timeline_figure(alias_segments([], {}, NOW))

    assert figure.data == ()
