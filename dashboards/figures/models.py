"""Figures of model identity: who held which alias when, how each version played in each slot,
accuracy by alias and version over time, model age, gauntlet and backtest results.

Pure: plain data in, plotly figures out; no Django, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import plotly.graph_objects as go

from core.vocabulary import ALIASES, SLOTS
from dashboards.plotting import ALIAS_COLOURS, SLOT_COLOURS, base_layout

# Distinct colours for versions, so one version keeps its colour on every alias it moves to.
VERSION_PALETTE: tuple[str, ...] = (
    "#2f5fd0",
    "#d9822b",
    "#1d7a46",
    "#b3261e",
    "#8e6bb8",
    "#0f8b8d",
    "#c2185b",
    "#6b8e23",
    "#795548",
    "#5c6bc0",
)


def version_colour(version: int) -> str:
    return VERSION_PALETTE[version % len(VERSION_PALETTE)]


# --- the alias timeline ------------------------------------------------------------------


@dataclass(frozen=True)
class AliasMove:
    """One row of the alias audit trail, as the timeline needs it."""

    alias: str
    from_version: int | None
    to_version: int | None
    at: datetime


@dataclass(frozen=True)
class AliasSegment:
    """One version holding one alias from ``start`` to ``end`` (now for the current holder)."""

    alias: str
    version: int
    start: datetime
    end: datetime
    current: bool


def alias_segments(
    moves: Iterable[AliasMove], current: Mapping[str, tuple[int, datetime]], now: datetime
) -> list[AliasSegment]:
    """Turn the audit trail (oldest first) into holding periods. ``current`` is alias ->
    (version, assigned_at) as the mirror has it now: it closes the current holder's bar at
    ``now`` and covers a holder that the trail never recorded (a mirror older than the trail)."""
    open_: dict[str, tuple[int, datetime]] = {}
    segments: list[AliasSegment] = []
    for move in moves:
        held = open_.pop(move.alias, None)
        if held is not None:
            segments.append(AliasSegment(move.alias, held[0], held[1], move.at, False))
        if move.to_version is not None:
            open_[move.alias] = (move.to_version, move.at)
    for alias, (version, assigned_at) in current.items():
        held = open_.pop(alias, None)
        if held is not None and held[0] != version:
            # The trail and the mirror disagree: the trail's holder ends when the mirror's began.
            segments.append(AliasSegment(alias, held[0], held[1], assigned_at, False))
            held = None
        start = held[1] if held is not None else assigned_at
        segments.append(AliasSegment(alias, version, start, now, True))
    # An alias the trail left open but that holds nothing now ended with the trail (its
    # removal was not recorded); it is shown up to now but not as current.
    for alias, (version, start) in open_.items():
        segments.append(AliasSegment(alias, version, start, now, False))
    return sorted(
        segments, key=lambda s: (ALIASES.index(s.alias) if s.alias in ALIASES else 9, s.start)
    )


def _ms(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() * 1000.0


def alias_timeline_figure(segments: Sequence[AliasSegment]) -> go.Figure:
    """A Gantt chart: one row per alias, one bar per holding period, one colour per version
    (so a swap shows as two colours changing rows)."""
    figure = go.Figure()
    by_version: dict[int, list[AliasSegment]] = {}
    for segment in segments:
        by_version.setdefault(segment.version, []).append(segment)
    for version in sorted(by_version):
        held = sorted(by_version[version], key=lambda s: s.start)
        figure.add_trace(
            go.Bar(
                name=f"v{version}",
                orientation="h",
                y=[s.alias for s in held],
                base=[s.start.isoformat() for s in held],
                x=[_ms(s.start, s.end) for s in held],
                text=[f"v{version}" for _ in held],
                textposition="inside",
                insidetextanchor="middle",
                marker={"color": version_colour(version)},
                customdata=[
                    [s.start.isoformat(), s.end.isoformat(), "now" if s.current else "ended"]
                    for s in held
                ],
                hovertemplate=(
                    f"v{version} at %{{y}}<br>from %{{customdata[0]}}<br>"
                    "to %{customdata[1]} (%{customdata[2]})<extra></extra>"
                ),
            )
        )
    figure.update_layout(
        **base_layout(title="Which version held which alias", height=300),
        barmode="overlay",
        xaxis={"type": "date", "title": None},
        yaxis={
            "categoryorder": "array",
            "categoryarray": list(reversed(ALIASES)),
            "title": None,
        },
    )
    return figure


# --- per-version slot counters -----------------------------------------------------------


@dataclass(frozen=True)
class VersionSlotRow:
    version: str  # a registry version number, or "frequency" before any model existed
    slot: str
    games: int
    bot_wins: int
    losses: int

    @property
    def bot_win_rate(self) -> float | None:
        return self.bot_wins / self.games if self.games else None

    @property
    def label(self) -> str:
        return _version_label(self.version)


def _version_order(label: str) -> tuple[int, int | str]:
    return (0, int(label)) if label.isdigit() else (1, label)


def _version_label(label: str) -> str:
    return f"v{label}" if label.isdigit() else label


def newest_first(rows: Sequence[VersionSlotRow]) -> list[VersionSlotRow]:
    """Newest version first, then the frequency baseline; Production before B."""
    order = sorted(
        {r.version for r in rows},
        key=lambda v: (not v.isdigit(), -int(v) if v.isdigit() else 0, v),
    )
    return sorted(rows, key=lambda r: (order.index(r.version), SLOTS.index(r.slot)))


def version_slot_figures(rows: Sequence[VersionSlotRow]) -> tuple[go.Figure, go.Figure]:
    """Games per version (stacked by slot) and the bot's win rate per version and slot."""
    labels = sorted({r.version for r in rows}, key=_version_order)
    cell = {(r.version, r.slot): r for r in rows}
    x = [_version_label(label) for label in labels]
    games = go.Figure()
    rates = go.Figure()
    for slot in SLOTS:
        present = [cell.get((label, slot)) for label in labels]
        games.add_trace(
            go.Bar(
                name=slot,
                x=x,
                y=[r.games if r else 0 for r in present],
                marker={"color": SLOT_COLOURS[slot]},
            )
        )
        rates.add_trace(
            go.Bar(
                name=slot,
                x=x,
                y=[r.bot_win_rate if r else None for r in present],
                text=[f"{r.bot_wins}/{r.games}" if r else "" for r in present],
                textposition="outside",
                marker={"color": SLOT_COLOURS[slot]},
                hovertemplate="%{x} in " + slot + ": %{y:.1%} (%{text})<extra></extra>",
            )
        )
    games.update_layout(
        **base_layout(title="Games per model version, by slot"),
        barmode="stack",
        xaxis={"type": "category", "title": "model version"},
        yaxis={"title": "games"},
    )
    rates.update_layout(
        **base_layout(title="Bot win rate per model version, by slot"),
        barmode="group",
        xaxis={"type": "category", "title": "model version"},
        yaxis={"title": "bot win rate", "tickformat": ".0%", "range": [0, 1.1]},
    )
    return games, rates


# --- accuracy over time ------------------------------------------------------------------


@dataclass(frozen=True)
class CycleAccuracies:
    """What one promotion cycle recorded: version -> accuracy, and alias -> version before."""

    at: datetime
    accuracies: Mapping[str, float | None]
    assignments: Mapping[str, int | None]


@dataclass(frozen=True)
class AccuracyPoint:
    at: datetime
    accuracy: float
    version: int


def accuracy_series(
    cycles: Iterable[CycleAccuracies],
) -> tuple[dict[str, list[AccuracyPoint]], dict[int, list[AccuracyPoint]]]:
    """Per alias and per version, the accuracy each cycle saw (cycles without a score for a
    version are left out rather than drawn as zero)."""
    by_alias: dict[str, list[AccuracyPoint]] = {}
    by_version: dict[int, list[AccuracyPoint]] = {}
    for cycle in cycles:
        for alias, version in cycle.assignments.items():
            if version is None:
                continue
            accuracy = cycle.accuracies.get(str(version))
            if accuracy is None:
                continue
            by_alias.setdefault(alias, []).append(AccuracyPoint(cycle.at, accuracy, version))
        for label, accuracy in cycle.accuracies.items():
            if accuracy is None or not str(label).isdigit():
                continue
            version = int(label)
            by_version.setdefault(version, []).append(AccuracyPoint(cycle.at, accuracy, version))
    return by_alias, by_version


def accuracy_figures(cycles: Sequence[CycleAccuracies]) -> tuple[go.Figure, go.Figure]:
    by_alias, by_version = accuracy_series(cycles)
    alias_figure = go.Figure()
    for alias in sorted(by_alias, key=lambda a: ALIASES.index(a) if a in ALIASES else 9):
        points = by_alias[alias]
        alias_figure.add_trace(
            go.Scatter(
                name=alias,
                mode="lines+markers",
                x=[p.at.isoformat() for p in points],
                y=[p.accuracy for p in points],
                customdata=[p.version for p in points],
                line={"color": ALIAS_COLOURS.get(alias), "shape": "hv"},
                hovertemplate=alias + ": v%{customdata} %{y:.1%}<extra></extra>",
            )
        )
    alias_figure.update_layout(
        **base_layout(title="Accuracy by alias at each promotion cycle"),
        xaxis={"type": "date"},
        yaxis={"title": "accuracy", "tickformat": ".0%"},
    )
    version_figure = go.Figure()
    for version in sorted(by_version):
        points = by_version[version]
        version_figure.add_trace(
            go.Scatter(
                name=f"v{version}",
                mode="lines+markers",
                x=[p.at.isoformat() for p in points],
                y=[p.accuracy for p in points],
                line={"color": version_colour(version), "shape": "hv"},
            )
        )
    version_figure.update_layout(
        **base_layout(title="Accuracy by model version at each promotion cycle"),
        xaxis={"type": "date"},
        yaxis={"title": "accuracy", "tickformat": ".0%"},
    )
    return alias_figure, version_figure


# --- status and age ----------------------------------------------------------------------


@dataclass(frozen=True)
class AliasStatus:
    alias: str
    version: int
    stage: str
    gates_passed: bool | None
    created_at: datetime
    assigned_at: datetime
    age_seconds: float


def alias_age_figure(statuses: Sequence[AliasStatus]) -> go.Figure:
    """Age of the model behind each alias, in days, labelled with version and stage."""
    figure = go.Figure(
        go.Bar(
            orientation="h",
            y=[s.alias for s in statuses],
            x=[s.age_seconds / 86400.0 for s in statuses],
            text=[f"v{s.version} · {s.stage}" for s in statuses],
            textposition="auto",
            marker={"color": [ALIAS_COLOURS.get(s.alias, "#8a8f98") for s in statuses]},
            hovertemplate="%{y}: %{text}, %{x:.2f} days old<extra></extra>",
        )
    )
    figure.update_layout(
        **base_layout(title="Age of the model behind each alias", height=260),
        xaxis={"title": "days since the version was registered"},
        yaxis={"categoryorder": "array", "categoryarray": list(reversed(ALIASES))},
    )
    return figure
