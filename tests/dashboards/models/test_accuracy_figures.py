"""Accuracy by alias and by version over the promotion cycles: pure, no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dashboards.figures.models import CycleAccuracies, accuracy_figures, accuracy_series

T0 = datetime(2026, 1, 1, tzinfo=UTC)
CYCLES = [
    CycleAccuracies(T0, {"1": 0.40, "2": 0.45, "3": None}, {"Production": 1, "B": 2, "shadow1": 3}),
    CycleAccuracies(
        T0 + timedelta(hours=1),
        {"1": 0.41, "2": 0.46, "3": 0.52},
        {"Production": 2, "B": 1, "shadow1": 3, "shadow2": None},
    ),
]


def test_an_alias_line_follows_whichever_version_held_it_at_each_cycle() -> None:
    by_alias, by_version = accuracy_series(CYCLES)

    assert [(p.version, p.accuracy) for p in by_alias["Production"]] == [(1, 0.40), (2, 0.46)]
    assert [(p.version, p.accuracy) for p in by_alias["B"]] == [(2, 0.45), (1, 0.41)]
    # Not scored yet at the first cycle: left out, not drawn as zero.
    assert [p.at for p in by_alias["shadow1"]] == [T0 + timedelta(hours=1)]
    assert "shadow2" not in by_alias
    assert [p.accuracy for p in by_version[1]] == [0.40, 0.41]
    assert [p.accuracy for p in by_version[3]] == [0.52]


def test_the_figures_carry_one_line_per_alias_and_per_version() -> None:
    by_alias, by_version = accuracy_figures(CYCLES)

    lines = {trace.name: trace for trace in by_alias.data}
    assert list(lines) == ["Production", "B", "shadow1"]
    assert list(lines["Production"].y) == pytest.approx([0.40, 0.46])
    assert list(lines["Production"].customdata) == [1, 2]
    assert list(lines["Production"].x) == [T0.isoformat(), (T0 + timedelta(hours=1)).isoformat()]
    assert [trace.name for trace in by_version.data] == ["v1", "v2", "v3"]
    assert list(by_version.data[1].y) == pytest.approx([0.45, 0.46])
