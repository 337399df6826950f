"""Gameplay figures: pure, no database."""

from __future__ import annotations

from datetime import date

import pytest

from dashboards.figures.gameplay import (
    DayCount,
    WinRateRow,
    games_per_day_figure,
    grouped_win_rate_figure,
    win_rate_figure,
)


def test_a_win_rate_bar_carries_the_rate_and_wins_out_of_games() -> None:
    rows = [WinRateRow("", "brian", 4, 3, 1), WinRateRow("", "logan", 5, 1, 2)]

    bar = win_rate_figure(rows, title="t", axis="policy").data[0]

    assert list(bar.x) == ["brian", "logan"]
    assert list(bar.y) == pytest.approx([0.75, 0.2])
    assert list(bar.text) == ["3/4", "1/5"]
    assert list(bar.customdata[1]) == [5, 2, 2]  # games, player wins, ties


def test_people_and_scripted_opponents_are_two_series() -> None:
    rows = [
        WinRateRow("humans", "brian", 2, 1, 1),
        WinRateRow("scripted opponents", "brian", 4, 4, 0),
        WinRateRow("scripted opponents", "forrest", 2, 0, 2),
    ]

    humans, scripted = grouped_win_rate_figure(rows, title="t").data

    assert (humans.name, list(humans.y)) == ("humans", [0.5])
    assert list(scripted.x) == ["brian", "forrest"]
    assert list(scripted.y) == [1.0, 0.0]


def test_games_per_day_stack_people_and_scripted_opponents() -> None:
    days = [
        DayCount("humans", date(2026, 3, 1), 2),
        DayCount("humans", date(2026, 3, 3), 5),
        DayCount("scripted opponents", date(2026, 3, 1), 1),
    ]

    humans, scripted = games_per_day_figure(days).data

    assert list(humans.x) == ["2026-03-01", "2026-03-03"]
    assert list(humans.y) == [2, 5]
    assert list(scripted.y) == [1]
