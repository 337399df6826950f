"""Games and bot win rates per model version and slot: pure, no database."""

from __future__ import annotations

import pytest

from dashboards.figures.models import VersionSlotRow, newest_first, version_slot_figures

ROWS = [
    VersionSlotRow("2", "Production", 12, 9, 2),
    VersionSlotRow("1", "Production", 10, 6, 3),
    VersionSlotRow("frequency", "Production", 2, 1, 1),
    VersionSlotRow("2", "B", 8, 3, 4),
    VersionSlotRow("10", "B", 4, 1, 3),
]


def test_games_are_stacked_per_version_and_slot_in_version_order() -> None:
    games, _ = version_slot_figures(ROWS)

    production, b = games.data
    assert (production.name, b.name) == ("Production", "B")
    assert list(production.x) == ["v1", "v2", "v10", "frequency"]
    assert list(production.y) == [10, 12, 0, 2]
    assert list(b.y) == [0, 8, 4, 0]


def test_win_rates_show_each_version_in_each_slot_it_played() -> None:
    _, rates = version_slot_figures(ROWS)

    production, b = rates.data
    assert list(production.y) == pytest.approx([0.6, 0.75, None, 0.5], nan_ok=True)
    assert list(production.text) == ["6/10", "9/12", "", "1/2"]
    assert list(b.y)[1:3] == pytest.approx([3 / 8, 0.25])
    assert b.y[0] is None


def test_tables_list_the_newest_version_first_and_the_baseline_last() -> None:
    ordered = newest_first(ROWS)

    assert [(r.label, r.slot) for r in ordered] == [
        ("v10", "B"),
        ("v2", "Production"),
        ("v2", "B"),
        ("v1", "Production"),
        ("frequency", "Production"),
    ]
