"""Figures of the gates each version passed or failed: the gauntlet as a heatmap of bot win
rate per scripted opponent, and the backtest against the Production of the version's day.

Pure: plain data in (the `gate_results` that `training.learning.pipeline` stores), plotly figures
out.
Stored results are read defensively: a version registered before a gate existed, or with a
result of another shape, is left out rather than breaking the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from core.vocabulary import PRODUCTION
from dashboards.plotting import SLOT_COLOURS, base_layout

PASSED_COLOUR = "#1d7a46"
FAILED_COLOUR = "#b3261e"
UNKNOWN_COLOUR = "#8a8f98"


@dataclass(frozen=True)
class VersionGates:
    version: int
    stage: str
    gates_passed: bool | None
    gate_results: Mapping[str, object]


RANDOM_COLUMN = "uniform random"


def _gauntlet(results: Mapping[str, object]) -> Mapping[str, object]:
    found = results.get("gauntlet")
    return found if isinstance(found, Mapping) else {}


def _rate(cell: object) -> float | None:
    if isinstance(cell, Mapping) and isinstance(cell.get("win_rate"), int | float):
        return float(cell["win_rate"])
    return None


def gauntlet_matrix(
    versions: Sequence[VersionGates],
) -> tuple[list[str], list[str], list[list[float | None]]]:
    """(opponents, version labels, win rate[version][opponent]); opponents in the order the
    gauntlet played them, uniform random last; versions without a gauntlet are left out."""
    opponents: list[str] = []
    rows: list[tuple[int, Mapping[str, object]]] = []
    has_random = False
    for gates in versions:
        gauntlet = _gauntlet(gates.gate_results)
        per_opponent = gauntlet.get("per_opponent")
        if not isinstance(per_opponent, Mapping):
            continue
        for name in per_opponent:
            if name not in opponents:
                opponents.append(name)
        has_random = has_random or RANDOM_COLUMN.replace(" ", "_") in gauntlet
        rows.append((gates.version, gauntlet))
    columns = [*opponents, *([RANDOM_COLUMN] if has_random else [])]
    rows.sort(key=lambda row: row[0])
    z: list[list[float | None]] = []
    for _, gauntlet in rows:
        per_opponent = gauntlet.get("per_opponent")
        assert isinstance(per_opponent, Mapping)
        line = [_rate(per_opponent.get(name)) for name in opponents]
        if has_random:
            line.append(_rate(gauntlet.get("uniform_random")))
        z.append(line)
    return columns, [f"v{version}" for version, _ in rows], z


def gauntlet_figure(versions: Sequence[VersionGates]) -> go.Figure:
    columns, labels, z = gauntlet_matrix(versions)
    figure = go.Figure(
        go.Heatmap(
            x=columns,
            y=labels,
            z=z,
            zmin=0.0,
            zmax=1.0,
            colorscale="RdYlGn",
            text=[["" if v is None else f"{v:.0%}" for v in line] for line in z],
            texttemplate="%{text}",
            hovertemplate="%{y} vs %{x}: %{z:.1%}<extra></extra>",
            colorbar={"title": "bot win rate", "tickformat": ".0%"},
        )
    )
    figure.update_layout(
        **base_layout(
            title="Gauntlet: bot win rate per scripted opponent",
            height=120 + 32 * max(len(labels), 3),
        ),
        xaxis={"type": "category", "side": "top"},
        yaxis={"type": "category", "autorange": "reversed"},
    )
    return figure


@dataclass(frozen=True)
class BacktestRow:
    version: int
    candidate: float | None
    production: float | None
    margin: float | None
    passed: bool | None
    rows: int | None


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def backtest_rows(versions: Sequence[VersionGates]) -> list[BacktestRow]:
    out: list[BacktestRow] = []
    for gates in sorted(versions, key=lambda g: g.version):
        found = gates.gate_results.get("backtest")
        if not isinstance(found, Mapping):
            continue
        passed = found.get("passed")
        rows = found.get("rows")
        out.append(
            BacktestRow(
                version=gates.version,
                candidate=_number(found.get("candidate_net_points")),
                production=_number(found.get("production_net_points")),
                margin=_number(found.get("margin")),
                passed=passed if isinstance(passed, bool) else None,
                rows=rows if isinstance(rows, int) else None,
            )
        )
    return out


def backtest_figure(rows: Sequence[BacktestRow]) -> go.Figure:
    """Mean net points per held-out round: the candidate against the Production of its day."""
    x = [f"v{r.version}" for r in rows]
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            name="candidate",
            x=x,
            y=[r.candidate for r in rows],
            marker={
                "color": [
                    PASSED_COLOUR
                    if r.passed
                    else FAILED_COLOUR
                    if r.passed is False
                    else UNKNOWN_COLOUR
                    for r in rows
                ]
            },
            customdata=["passed" if r.passed else "failed" for r in rows],
            hovertemplate="%{x}: %{y:.3f} points a round (%{customdata})<extra></extra>",
        )
    )
    figure.add_trace(
        go.Bar(
            name="Production at the time",
            x=x,
            y=[r.production for r in rows],
            marker={"color": SLOT_COLOURS[PRODUCTION], "opacity": 0.45},
        )
    )
    figure.update_layout(
        **base_layout(title="Backtest: net points per held-out round"),
        barmode="group",
        xaxis={"type": "category", "title": "model version"},
        yaxis={"title": "bot minus player points"},
    )
    return figure
