"""The alias timeline and model identity pages of one family. Thin: read through the
selectors, build figures with the pure builders, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from dashboards.context import dashboard_context, figure_divs
from dashboards.figures import gates as gate_figures
from dashboards.figures import models as figures
from dashboards.selectors import models as selectors


@require_safe
def aliases(request: HttpRequest, family: str) -> HttpResponse:
    now = timezone.now()
    segments = figures.alias_segments(
        selectors.alias_moves(family=family), selectors.current_holders(family=family), now
    )
    built = {"alias_timeline": figures.alias_timeline_figure(segments)}
    context = dashboard_context(
        page="aliases",
        family=family,
        figures=built,
        charts=figure_divs(built),
        segments=segments,
        audit=selectors.alias_audit(family=family),
    )
    return render(request, "dashboards/aliases.html", context)


@require_safe
def models(request: HttpRequest, family: str) -> HttpResponse:
    now = timezone.now()
    version_rows = selectors.version_slot_rows(family=family)
    games_figure, rates_figure = figures.version_slot_figures(version_rows)
    by_alias, by_version = figures.accuracy_figures(selectors.cycle_accuracies(family=family))
    statuses = selectors.alias_statuses(family=family, now=now)
    gates = selectors.version_gates(family=family)
    backtests = gate_figures.backtest_rows(gates)
    built = {
        "version_games": games_figure,
        "version_win_rates": rates_figure,
        "accuracy_by_alias": by_alias,
        "accuracy_by_version": by_version,
        "alias_age": figures.alias_age_figure(statuses),
        "gauntlet_heatmap": gate_figures.gauntlet_figure(gates),
        "backtest": gate_figures.backtest_figure(backtests),
    }
    context = dashboard_context(
        page="models",
        family=family,
        figures=built,
        charts=figure_divs(built),
        version_rows=figures.newest_first(version_rows),
        slot_totals=selectors.slot_totals(family=family),
        accuracy_rows=selectors.accuracy_table(family=family),
        statuses=statuses,
        gates=gates,
        backtests=backtests,
    )
    return render(request, "dashboards/models.html", context)
