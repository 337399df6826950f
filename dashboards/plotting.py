"""Turning a figure into the markup a page embeds, the same way on every dashboard.

Pure: no Django. Pages load plotly.js once from our static files, so figures are rendered
without the library (`include_plotlyjs=False`) and without any link to a CDN or to plot.ly.
"""

from __future__ import annotations

import plotly.graph_objects as go

from core.vocabulary import INSUFFICIENT, PRODUCTION, RETAIN, SHADOW1, SHADOW2, SWAP, B

# Colours shared by every figure, so one slot or one decision looks the same on every page.
SLOT_COLOURS = {PRODUCTION: "#2f5fd0", B: "#d9822b"}
ALIAS_COLOURS = {**SLOT_COLOURS, SHADOW1: "#6b8e23", SHADOW2: "#8e6bb8"}
DECISION_COLOURS = {
    SWAP: "#b3261e",
    RETAIN: "#1d7a46",
    INSUFFICIENT: "#8a8f98",
}
_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["sendDataToCloud"]}


def base_layout(*, title: str, height: int = 360, **extra: object) -> dict[str, object]:
    """The layout every dashboard figure starts from: titled, compact, transparent."""
    return {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        "height": height,
        "margin": {"l": 56, "r": 16, "t": 48, "b": 40},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "legend": {"orientation": "h", "y": -0.18},
        **extra,
    }


def figure_div(figure: go.Figure, *, div_id: str) -> str:
    """The `<div>` and inline script that draw `figure`; the page must load plotly.js first."""
    return figure.to_html(
        full_html=False,
        include_plotlyjs=False,
        include_mathjax=False,
        div_id=div_id,
        config=_CONFIG,
    )
