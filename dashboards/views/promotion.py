"""The promotion dashboards: index, per-family overview, tickers and evidence, the decision
ledger and one event. Thin: read through the selectors, build figures with the pure builders,
render. Figures go to the template twice: as Figures (``figures``, for tests) and as markup
(``charts``), each div id being its key with dashes."""

from __future__ import annotations

from datetime import datetime

import plotly.graph_objects as go
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.vocabulary import PRODUCTION, B
from dashboards.context import dashboard_context, figure_divs
from dashboards.figures import promotion as figures
from dashboards.figures.replay import replay_figure
from dashboards.promotion_forms import DecisionFilterForm, ReplayForm
from dashboards.selectors import promotion as selectors
from promotion.explain import Explanation, explain_recorded
from promotion.models import PromotionEvent
from promotion.replay import replay as replay_ledger
from promotion.selectors import ledger_rows

EVENTS_PER_PAGE = 25
# The latest cycles that differ, listed under the figure (the figure shows every one).
REPLAY_ROWS_SHOWN = 200


def _render(
    request: HttpRequest,
    template: str,
    *,
    page: str,
    family: str | None = None,
    built: dict[str, go.Figure] | None = None,
    status: int = 200,
    **context: object,
) -> HttpResponse:
    built = built or {}
    return render(
        request,
        template,
        dashboard_context(
            page=page, family=family, figures=built, charts=figure_divs(built), **context
        ),
        status=status,
    )


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return _render(
        request,
        "dashboards/index.html",
        page="index",
        overviews=selectors.families_overview(),
    )


@require_safe
def overview(request: HttpRequest, family: str) -> HttpResponse:
    data = selectors.family_overview(family=family)
    tickers = data.tickers
    rates = [
        figures.SlotRate(
            PRODUCTION, tickers.production_since_swap.wins, tickers.production_since_swap.games
        ),
        figures.SlotRate(B, tickers.b_since_swap.wins, tickers.b_since_swap.games),
    ]
    built = {
        "win_rates": figures.win_rates_figure(
            rates, title="Bot win rate since the last swap (95% Wilson interval)"
        )
    }
    last = data.last_event
    explanation = _explanation(last, last.previous_swap_at) if last is not None else None
    return _render(
        request,
        "dashboards/overview.html",
        built=built,
        page="overview",
        family=family,
        data=data,
        rates=rates,
        explanation=explanation,
    )


@require_safe
def tickers(request: HttpRequest, family: str) -> HttpResponse:
    series = selectors.family_series(family=family)
    built = {
        "tickers_cumulative": figures.cumulative_figure(series.points),
        "tickers_since_swap": figures.since_swap_figure(series.points),
    }
    return _render(
        request,
        "dashboards/tickers.html",
        built=built,
        page="tickers",
        family=family,
        series=series,
        shown=len(series.points),
    )


@require_safe
def evidence(request: HttpRequest, family: str) -> HttpResponse:
    series = selectors.family_series(family=family)
    built = {
        "evidence_p_values": figures.evidence_figure(series.points),
        "evidence_by_window": figures.evidence_by_window_figure(series.points),
    }
    methods = sorted({point.method for point in series.points})
    sequential = any(point.always_valid_p_value is not None for point in series.points)
    return _render(
        request,
        "dashboards/evidence.html",
        built=built,
        page="evidence",
        family=family,
        series=series,
        methods=methods,
        sequential=sequential,
        shown=len(series.points),
    )


@require_safe
def decisions(request: HttpRequest) -> HttpResponse:
    form = DecisionFilterForm(request.GET)
    if not form.is_valid():
        return _render(
            request,
            "dashboards/decisions.html",
            status=400,
            page="decisions",
            family=None,
            form=form,
        )
    filters = form.filters()
    events = selectors.events_filtered(**filters)
    paginator = Paginator(selectors.with_previous_swap(events), EVENTS_PER_PAGE)
    page = paginator.get_page(form.cleaned_data.get("page") or 1)
    rows = [(event, _explanation(event, event.previous_swap_at)) for event in page.object_list]
    series = selectors.event_points(events)
    built = {"decisions_timeline": figures.decisions_figure(series.points)}
    query = request.GET.copy()
    query.pop("page", None)
    return _render(
        request,
        "dashboards/decisions.html",
        built=built,
        page="decisions",
        family=filters["family"],
        form=form,
        events_page=page,
        rows=rows,
        series=series,
        shown=len(series.points),
        query=query.urlencode(),
    )


@require_safe
def event(request: HttpRequest, pk: int) -> HttpResponse:
    detail = selectors.event_detail(pk=pk)
    if detail is None:
        raise Http404(f"no promotion event {pk}")
    found = detail.event
    previous = detail.previous_swap
    explanation = _explanation(found, previous.created_at if previous else None)
    return _render(
        request,
        "dashboards/event.html",
        page="event",
        family=found.family,
        detail=detail,
        event=found,
        explanation=explanation,
        assignments=selectors.assignment_rows(
            found.assignments_before or {}, found.assignments_after or {}
        ),
    )


@require_safe
def replay(request: HttpRequest, family: str) -> HttpResponse:
    form = ReplayForm(request.GET)
    if not form.is_valid():
        return _render(
            request, "dashboards/replay.html", status=400, page="replay", family=family, form=form
        )
    result = replay_ledger(
        ledger_rows(family=family),
        **form.rule(),
        default_min_games=settings.PROMOTION_MIN_GAMES,
        probation_games=settings.PROMOTION_ROLLBACK_PROBATION_GAMES,
    )
    built = {"replay_timeline": replay_figure(result)} if result.cycles else {}
    return _render(
        request,
        "dashboards/replay.html",
        built=built,
        page="replay",
        family=family,
        form=form,
        result=result,
        differences=result.differences[-REPLAY_ROWS_SHOWN:],
    )


def _explanation(event: PromotionEvent, previous_swap_at: datetime | None) -> Explanation:
    return explain_recorded(event, previous_swap_at=previous_swap_at)
