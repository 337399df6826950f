"""Figures of gameplay: bot win rates by policy, alias and difficulty, games per day, and the
bots against people versus against the scripted opponents.

Pure: plain data in, plotly figures out; no Django, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go

from dashboards.plotting import ALIAS_COLOURS, base_layout

GROUP_COLOURS = {"humans": "#2f5fd0", "scripted opponents": "#8a8f98"}


@dataclass(frozen=True)
class WinRateRow:
    group: str  # "" for one series, or what the row is split by (humans, scripted opponents)
    key: str  # the policy, alias or difficulty
    games: int
    bot_wins: int
    player_wins: int

    @property
    def ties(self) -> int:
        return self.games - self.bot_wins - self.player_wins

    @property
    def bot_win_rate(self) -> float | None:
        return self.bot_wins / self.games if self.games else None


@dataclass(frozen=True)
class DayCount:
    group: str
    day: date
    games: int


def win_rate_figure(rows: Sequence[WinRateRow], *, title: str, axis: str) -> go.Figure:
    """One bar per key: the bot's win rate, labelled with wins out of games."""
    colours = [ALIAS_COLOURS.get(r.key, "#2f5fd0") for r in rows]
    figure = go.Figure(
        go.Bar(
            x=[r.key for r in rows],
            y=[r.bot_win_rate for r in rows],
            text=[f"{r.bot_wins}/{r.games}" for r in rows],
            textposition="outside",
            customdata=[[r.games, r.player_wins, r.ties] for r in rows],
            marker={"color": colours},
            hovertemplate=(
                "%{x}: bot won %{y:.1%} (%{text}); player won %{customdata[1]}, "
                "ties %{customdata[2]}<extra></extra>"
            ),
        )
    )
    figure.update_layout(
        **base_layout(title=title, height=320),
        xaxis={"type": "category", "title": axis},
        yaxis={"title": "bot win rate", "tickformat": ".0%", "range": [0, 1.1]},
        showlegend=False,
    )
    return figure


def grouped_win_rate_figure(rows: Sequence[WinRateRow], *, title: str) -> go.Figure:
    """One bar series per group (people, scripted opponents), keys along the axis."""
    figure = go.Figure()
    groups = list(dict.fromkeys(r.group for r in rows))
    for group in groups:
        mine = [r for r in rows if r.group == group]
        figure.add_trace(
            go.Bar(
                name=group,
                x=[r.key for r in mine],
                y=[r.bot_win_rate for r in mine],
                text=[f"{r.bot_wins}/{r.games}" for r in mine],
                textposition="outside",
                marker={"color": GROUP_COLOURS.get(group)},
                hovertemplate=group + " vs %{x}: bot won %{y:.1%} (%{text})<extra></extra>",
            )
        )
    figure.update_layout(
        **base_layout(title=title, height=340),
        barmode="group",
        xaxis={"type": "category", "title": "bot policy"},
        yaxis={"title": "bot win rate", "tickformat": ".0%", "range": [0, 1.1]},
    )
    return figure


def games_per_day_figure(days: Sequence[DayCount]) -> go.Figure:
    figure = go.Figure()
    for group in dict.fromkeys(d.group for d in days):
        mine = [d for d in days if d.group == group]
        figure.add_trace(
            go.Bar(
                name=group,
                x=[d.day.isoformat() for d in mine],
                y=[d.games for d in mine],
                marker={"color": GROUP_COLOURS.get(group)},
            )
        )
    figure.update_layout(
        **base_layout(title="Games started per day", height=320),
        barmode="stack",
        xaxis={"type": "date"},
        yaxis={"title": "games"},
    )
    return figure
