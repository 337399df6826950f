"""Gauntlet heatmap, backtest and model age from stored gate results: pure, no database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dashboards.figures.gates import (
    VersionGates,
    backtest_figure,
    backtest_rows,
    gauntlet_figure,
    gauntlet_matrix,
)
from dashboards.figures.models import AliasStatus, alias_age_figure

from .conftest import OPPONENTS, gauntlet_results

VERSIONS = [
    VersionGates(3, "staging", True, gauntlet_results(3)),
    VersionGates(1, "production", True, gauntlet_results(1)),
    VersionGates(2, "rejected", False, gauntlet_results(2, failed=True)),
    VersionGates(4, "development", None, {}),  # registered, not gated yet
    VersionGates(5, "rejected", False, {"gauntlet": "garbled", "backtest": None}),
]


def test_the_gauntlet_heatmap_has_a_row_per_gated_version_and_a_column_per_opponent() -> None:
    columns, labels, z = gauntlet_matrix(VERSIONS)

    assert columns == [*OPPONENTS, "uniform random"]
    assert labels == ["v1", "v2", "v3"]
    # gauntlet_results(v) gives (4 + v + i) wins of 20 against the i-th opponent.
    assert z[0][:3] == pytest.approx([5 / 20, 6 / 20, 7 / 20])
    assert z[2][7] == pytest.approx((4 + 3 + 7) / 20)
    assert z[1][2] == pytest.approx(2 / 20)  # v2 lost the gauntlet at Cal
    assert z[0][-1] == pytest.approx(9 / 20)  # uniform random


def test_the_heatmap_figure_carries_the_matrix_and_labels_each_cell() -> None:
    figure = gauntlet_figure(VERSIONS)

    heatmap = figure.data[0]
    assert list(heatmap.y) == ["v1", "v2", "v3"]
    assert heatmap.z[1][2] == pytest.approx(0.1)
    assert heatmap.text[1][2] == "10%"


def test_backtests_compare_each_version_with_the_production_of_its_day() -> None:
    rows = backtest_rows(VERSIONS)

    assert [r.version for r in rows] == [1, 2, 3]
    assert rows[0].production is None and rows[0].candidate == pytest.approx(0.1)
    assert (rows[2].candidate, rows[2].production) == pytest.approx((0.3, 0.2))
    figure = backtest_figure(rows)
    assert list(figure.data[0].x) == ["v1", "v2", "v3"]
    assert list(figure.data[0].y) == pytest.approx([0.1, 0.2, 0.3])
    assert figure.data[1].y[0] is None


def test_model_age_is_drawn_in_days_with_version_and_stage() -> None:
    created = datetime(2026, 1, 1, tzinfo=UTC)
    statuses = [AliasStatus("Production", 2, "production", True, created, created, 3 * 86400.0)]

    bar = alias_age_figure(statuses).data[0]

    assert list(bar.x) == [3.0]
    assert list(bar.text) == ["v2 · production"]
