"""The figure of a decision replay: the ledger's decisions and the replay's, one row each on
one time axis, so the swaps another rule would have made stand next to the ones that were.
Pure: a Replay in, a plotly Figure out."""

from __future__ import annotations

import plotly.graph_objects as go

from core.vocabulary import DECISIONS, SWAP
from dashboards.plotting import DECISION_COLOURS, base_layout
from promotion.replay import Replay, ReplayedCycle

RECORDED, REPLAYED = "recorded", "replayed"


def _size(decision: str) -> int:
    return 14 if decision == SWAP else 8  # the swaps are what the page is about


def replay_figure(result: Replay) -> go.Figure:
    figure = go.Figure()
    for lane in (RECORDED, REPLAYED):
        for decision in DECISIONS:
            chosen: list[ReplayedCycle] = [
                c
                for c in result.cycles
                if (c.row.decision if lane == RECORDED else c.decision) == decision
            ]
            figure.add_trace(
                go.Scatter(
                    x=[c.row.at for c in chosen],
                    y=[lane] * len(chosen),
                    customdata=[[c.row.event_id, c.row.decision, c.decision] for c in chosen],
                    mode="markers",
                    name=decision,
                    legendgroup=decision,
                    showlegend=lane == RECORDED,
                    marker={
                        "color": DECISION_COLOURS[decision],
                        "size": _size(decision),
                        # A dark ring where the two rules disagree.
                        "line": {
                            "width": [2 if c.differs else 0 for c in chosen],
                            "color": "#111111",
                        },
                    },
                    hovertemplate=(
                        "event %{customdata[0]}<br>recorded: %{customdata[1]}"
                        "<br>replayed: %{customdata[2]}<extra></extra>"
                    ),
                )
            )
    figure.update_layout(
        **base_layout(title="Decisions as recorded and as replayed (ringed: they differ)"),
        yaxis={
            "title": "",
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [REPLAYED, RECORDED],
        },
    )
    return figure
