"""What every dashboard template needs besides its own figures, and the figures' markup."""

from __future__ import annotations

import plotly.graph_objects as go
from django.utils.safestring import SafeString, mark_safe

from core.vocabulary import FAMILIES
from dashboards.plotting import figure_div


def dashboard_context(*, page: str, family: str | None = None, **extra: object) -> dict:
    return {"page": page, "family": family, "families": FAMILIES, **extra}


def figure_divs(built: dict[str, go.Figure]) -> dict[str, SafeString]:
    """Template-ready markup for each figure; the div id is the key with dashes
    (``alias_timeline`` -> ``alias-timeline``), stable for tests and browser checks."""
    return {
        key: mark_safe(figure_div(figure, div_id=key.replace("_", "-")))
        for key, figure in built.items()
    }
