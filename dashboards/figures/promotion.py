"""Figures of the promotion dashboards: data in, plotly Figure out. Pure: no Django, no I/O.

Every figure reads the ledger's own numbers. A slot's baseline at an event is recovered from
the event itself (raw counter minus since-swap figure), so a window of the ledger can be drawn
without the events before it, and the picture is exactly the one of promotion-review.md: the
cumulative line goes on at a swap while the since-swap line drops to zero, and a challenger
re-ranking changes neither.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import plotly.graph_objects as go

from core.vocabulary import DECISIONS, PRODUCTION, SWAP, B
from dashboards.plotting import DECISION_COLOURS, SLOT_COLOURS, base_layout
from promotion.stats import wilson_interval

SWAP_COLOUR = DECISION_COLOURS[SWAP]
REORDER_SYMBOL = "diamond"
PLAIN_SYMBOL = "circle"
# Log axes cannot show 0: an always-valid p-value that underflowed is drawn at this floor.
P_FLOOR = 1e-300


@dataclass(frozen=True, slots=True)
class EventPoint:
    """The numbers of one ledger event that the figures draw."""

    pk: int
    family: str
    created_at: datetime
    decision: str
    reorder_applied: bool
    method: str
    alpha: float
    z_statistic: float | None
    p_value: float | None
    always_valid_p_value: float | None
    production_total_games: int
    production_wins: int
    b_total_games: int
    b_wins: int
    production_games_since_swap: int
    production_wins_since_swap: int
    b_games_since_swap: int
    b_wins_since_swap: int
    promotion_cycles_since_swap: int
    rolled_back_swap: int | None = None  # the swap this event undid (a rollback), if any

    @property
    def swapped(self) -> bool:
        return self.decision == SWAP

    @property
    def rolled_back(self) -> bool:
        return self.rolled_back_swap is not None

    @property
    def production_baseline(self) -> int:
        return self.production_total_games - self.production_games_since_swap

    @property
    def b_baseline(self) -> int:
        return self.b_total_games - self.b_games_since_swap


EVENT_POINT_FIELDS: tuple[str, ...] = tuple(EventPoint.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class SlotRate:
    slot: str
    wins: int
    games: int

    @property
    def rate(self) -> float | None:
        return self.wins / self.games if self.games else None

    @property
    def interval(self) -> tuple[float, float]:
        return wilson_interval(self.wins, self.games)


def win_rates_figure(rates: Sequence[SlotRate], *, title: str) -> go.Figure:
    """Bot win rate per slot with its 95% Wilson interval as error bars; a slot without games
    has no bar and says so."""
    y: list[float | None] = []
    above: list[float] = []
    below: list[float] = []
    text: list[str] = []
    for slot in rates:
        low, high = slot.interval
        rate = slot.rate
        y.append(rate)
        above.append(high - rate if rate is not None else 0.0)
        below.append(rate - low if rate is not None else 0.0)
        text.append(
            f"{slot.wins} of {slot.games} ({rate:.0%}; 95% CI {low:.0%} to {high:.0%})"
            if rate is not None
            else "no games since the swap"
        )
    figure = go.Figure(
        go.Bar(
            x=[slot.slot for slot in rates],
            y=y,
            error_y={"type": "data", "array": above, "arrayminus": below, "visible": True},
            marker_color=[SLOT_COLOURS.get(slot.slot, "#888") for slot in rates],
            text=text,
            textposition="outside",
            hovertemplate="%{x}: %{text}<extra></extra>",
            name="bot win rate since the swap",
        )
    )
    figure.update_layout(
        **base_layout(title=title, showlegend=False),
        yaxis={"title": "bot win rate", "range": [0, 1.15], "tickformat": ".0%"},
    )
    return figure


def _swap_lines(figure: go.Figure, points: Sequence[EventPoint]) -> None:
    """A dashed vertical line at every Production/B swap. Set as one list: ``add_vline`` per
    swap re-validates every shape already there, which took seconds with a quarter's history."""
    lines = [
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": point.created_at,
            "x1": point.created_at,
            "y0": 0,
            "y1": 1,
            # A rollback is a swap too; dotted, so that it reads as the undoing of one.
            "line": {
                "color": SWAP_COLOUR,
                "dash": "dot" if point.rolled_back else "dash",
                "width": 1,
            },
            "name": "rollback" if point.rolled_back else "swap",
        }
        for point in points
        if point.swapped
    ]
    figure.update_layout(shapes=[*figure.layout.shapes, *lines])


def _times(points: Sequence[EventPoint]) -> list[datetime]:
    return [point.created_at for point in points]


def cumulative_figure(points: Sequence[EventPoint]) -> go.Figure:
    """Raw slot counters (games) at each event, never reset, with each slot's baseline as a
    step line that jumps at every swap."""
    figure = go.Figure()
    times = _times(points)
    for slot, totals, wins, baselines in (
        (
            PRODUCTION,
            [p.production_total_games for p in points],
            [p.production_wins for p in points],
            [p.production_baseline for p in points],
        ),
        (
            B,
            [p.b_total_games for p in points],
            [p.b_wins for p in points],
            [p.b_baseline for p in points],
        ),
    ):
        colour = SLOT_COLOURS[slot]
        figure.add_trace(
            go.Scatter(
                x=times,
                y=totals,
                customdata=wins,
                mode="lines+markers",
                name=f"{slot} games (cumulative)",
                line={"color": colour},
                hovertemplate=f"{slot}: %{{y}} games, %{{customdata}} bot wins<extra></extra>",
            )
        )
        figure.add_trace(
            go.Scatter(
                x=times,
                y=baselines,
                mode="lines",
                line={"color": colour, "dash": "dot", "shape": "hv"},
                name=f"{slot} baseline (last swap)",
                hovertemplate=f"{slot} baseline: %{{y}} games<extra></extra>",
            )
        )
    _swap_lines(figure, points)
    figure.update_layout(
        **base_layout(title="Raw slot counters and their baseline"),
        yaxis={"title": "games (cumulative)", "rangemode": "tozero"},
    )
    return figure


def since_swap_figure(points: Sequence[EventPoint]) -> go.Figure:
    """Games per slot since the last swap: zero at a swap, untouched by a re-ranking (marked
    with its own symbol so that the difference is visible)."""
    figure = go.Figure()
    times = _times(points)
    for slot, games, wins in (
        (
            PRODUCTION,
            [p.production_games_since_swap for p in points],
            [p.production_wins_since_swap for p in points],
        ),
        (B, [p.b_games_since_swap for p in points], [p.b_wins_since_swap for p in points]),
    ):
        figure.add_trace(
            go.Scatter(
                x=times,
                y=games,
                customdata=[
                    [w, p.promotion_cycles_since_swap] for w, p in zip(wins, points, strict=True)
                ],
                mode="lines+markers",
                name=f"{slot} games since swap",
                line={"color": SLOT_COLOURS[slot]},
                hovertemplate=(
                    f"{slot}: %{{y}} games, %{{customdata[0]}} bot wins since the swap"
                    " (cycle %{customdata[1]})<extra></extra>"
                ),
            )
        )
    swaps = [p for p in points if p.swapped]
    figure.add_trace(
        go.Scatter(
            x=_times(swaps),
            y=[0 for _ in swaps],
            mode="markers",
            marker={"symbol": "x", "size": 11, "color": SWAP_COLOUR},
            name="Production/B swap (tickers reset)",
            hovertemplate="swap: tickers reset to 0<extra></extra>",
        )
    )
    reorders = [p for p in points if p.reorder_applied and not p.swapped]
    figure.add_trace(
        go.Scatter(
            x=_times(reorders),
            y=[p.b_games_since_swap for p in reorders],
            mode="markers",
            marker={"symbol": f"{REORDER_SYMBOL}-open", "size": 11, "color": SLOT_COLOURS[B]},
            name="challenger re-ranking (no reset)",
            hovertemplate="re-ranking: B has %{y} games since the swap<extra></extra>",
        )
    )
    _swap_lines(figure, points)
    figure.update_layout(
        **base_layout(title="Tickers: games since the last Production/B swap"),
        yaxis={"title": "games since swap", "rangemode": "tozero"},
    )
    return figure


def _p_for_log(value: float | None) -> float | None:
    return None if value is None else max(value, P_FLOOR)


def evidence_figure(points: Sequence[EventPoint]) -> go.Figure:
    """Always-valid p-value of every cycle (log scale) against alpha, the classic one-sided
    z-test p for contrast, and the swaps that restart the evidence."""
    times = _times(points)
    cycles = [p.promotion_cycles_since_swap for p in points]
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=times,
            y=[_p_for_log(p.always_valid_p_value) for p in points],
            customdata=cycles,
            mode="lines+markers",
            name="always-valid p (sequential)",
            line={"color": "#2f5fd0"},
            connectgaps=False,
            hovertemplate="always-valid p = %{y:.3g} (cycle %{customdata})<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=times,
            y=[_p_for_log(p.p_value) for p in points],
            customdata=cycles,
            mode="lines+markers",
            name="z-test p (classic, not valid under repeated looks)",
            line={"color": "#8a8f98", "dash": "dot"},
            marker={"size": 5},
            hovertemplate="z-test p = %{y:.3g} (cycle %{customdata})<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=times,
            y=[p.alpha for p in points],
            mode="lines",
            line={"color": SWAP_COLOUR, "shape": "hv", "width": 1.5},
            name="alpha",
            hovertemplate="alpha = %{y}<extra></extra>",
        )
    )
    swaps = [p for p in points if p.swapped]
    figure.add_trace(
        go.Scatter(
            x=_times(swaps),
            y=[
                _p_for_log(p.always_valid_p_value) or _p_for_log(p.p_value) or p.alpha
                for p in swaps
            ],
            mode="markers",
            marker={"symbol": "x", "size": 11, "color": SWAP_COLOUR},
            name="Production/B swap (evidence restarts)",
            hovertemplate="swap<extra></extra>",
        )
    )
    _swap_lines(figure, points)
    figure.update_layout(
        **base_layout(title="Evidence that B beats Production (lower is stronger)"),
        yaxis={"title": "p-value (log scale)", "type": "log", "exponentformat": "power"},
    )
    return figure


def evidence_by_window_figure(points: Sequence[EventPoint]) -> go.Figure:
    """One line per since-swap window: the always-valid p-value against the cycle number in
    that window. A swap event closes the window whose evidence it acted on."""
    windows: list[tuple[datetime | None, list[int], list[float | None]]] = [(None, [], [])]
    for point in points:
        opened, xs, ys = windows[-1]
        cycle = point.promotion_cycles_since_swap
        if point.swapped:
            cycle = (xs[-1] + 1) if xs else 1
        xs.append(cycle)
        ys.append(_p_for_log(point.always_valid_p_value))
        if point.swapped:
            windows.append((point.created_at, [], []))
    figure = go.Figure()
    for opened, xs, ys in windows:
        if not xs:
            continue
        label = f"since swap {opened:%Y-%m-%d %H:%M}" if opened else "up to the first swap shown"
        figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines+markers", name=label))
    alphas = sorted({p.alpha for p in points})
    for alpha in alphas:
        figure.add_hline(
            y=alpha, line={"color": SWAP_COLOUR, "dash": "dash", "width": 1}, name="alpha"
        )
    figure.update_layout(
        **base_layout(title="Always-valid p by cycle since each swap"),
        xaxis={"title": "cycle since the swap", "dtick": 1, "rangemode": "tozero"},
        yaxis={"title": "always-valid p (log scale)", "type": "log", "exponentformat": "power"},
    )
    return figure


def decisions_figure(points: Sequence[EventPoint]) -> go.Figure:
    """Every event in time, one row per family, coloured by decision; a diamond marks an event
    that re-ranked the challengers, a ring a swap that rolled back the one before."""
    figure = go.Figure()
    for decision in DECISIONS:
        chosen = [p for p in points if p.decision == decision]
        figure.add_trace(
            go.Scatter(
                x=_times(chosen),
                y=[p.family for p in chosen],
                customdata=[[p.pk, "yes" if p.reorder_applied else "no"] for p in chosen],
                mode="markers",
                name=decision,
                marker={
                    "color": DECISION_COLOURS[decision],
                    "size": 10,
                    "symbol": [
                        REORDER_SYMBOL if p.reorder_applied else PLAIN_SYMBOL for p in chosen
                    ],
                    "line": {"width": 1, "color": "#ffffff"},
                },
                hovertemplate=(
                    f"%{{y}}: {decision}<br>challengers re-ranked: %{{customdata[1]}}"
                    "<br>event %{customdata[0]}<extra></extra>"
                ),
            )
        )
    rollbacks = [p for p in points if p.rolled_back]
    figure.add_trace(
        go.Scatter(
            x=_times(rollbacks),
            y=[p.family for p in rollbacks],
            customdata=[[p.pk, p.rolled_back_swap] for p in rollbacks],
            mode="markers",
            name="○ rollback of the swap before",
            marker={
                "symbol": "circle-open",
                "color": SWAP_COLOUR,
                "size": 18,
                "line": {"width": 2},
            },
            hovertemplate=(
                "%{y}: rollback of swap event %{customdata[1]}<br>event %{customdata[0]}"
                "<extra></extra>"
            ),
        )
    )
    # A legend-only entry, so the diamond is explained once rather than per decision.
    figure.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name="◆ challengers re-ranked",
            marker={"symbol": REORDER_SYMBOL, "color": "#444444", "size": 10},
            showlegend=True,
            hoverinfo="skip",
        )
    )
    figure.update_layout(
        **base_layout(title="Promotion decisions over time"),
        yaxis={"title": "family", "type": "category"},
    )
    return figure
