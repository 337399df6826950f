"""The gameplay dashboard: bot win rates and games per day, over the shared analytics filter.
Thin: validate the filter form, read through the selectors, build figures, render."""

from __future__ import annotations

from dataclasses import replace

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from dashboards.context import dashboard_context, figure_divs
from dashboards.figures import gameplay as figures
from dashboards.forms import GameplayFilterForm
from dashboards.selectors import gameplay as selectors
from games.player_filters import metrics_since


@require_safe
def gameplay(request: HttpRequest) -> HttpResponse:
    form = GameplayFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        context = dashboard_context(page="gameplay", form=form, figures={}, charts={})
        return render(request, "dashboards/gameplay.html", context, status=400)
    data = form.cleaned_data if form.is_bound else {}
    chosen = selectors.GameplayFilter(
        family=data.get("family") or None, since=data.get("since"), until=data.get("until")
    )
    by_policy = selectors.win_rates(chosen, by="policy")
    by_alias = selectors.win_rates(chosen, by="model_alias")
    by_difficulty = selectors.win_rates(chosen, by="difficulty_mode")
    built = {
        "win_rate_by_policy": figures.win_rate_figure(
            by_policy, title="Bot win rate by policy", axis="bot policy"
        ),
        "win_rate_by_alias": figures.win_rate_figure(
            by_alias, title="Bot win rate by model alias", axis="alias"
        ),
        "win_rate_by_difficulty": figures.win_rate_figure(
            by_difficulty, title="Bot win rate by difficulty", axis="difficulty"
        ),
        "games_per_day": figures.games_per_day_figure(selectors.games_per_day(chosen)),
        "humans_vs_scripted": figures.grouped_win_rate_figure(
            [
                *(replace(row, group=selectors.HUMANS) for row in by_policy),
                *selectors.scripted_win_rates(chosen),
            ],
            title="Bot win rate against people and against scripted opponents",
        ),
    }
    context = dashboard_context(
        page="gameplay",
        form=form,
        chosen=chosen,
        metrics_since=metrics_since(),
        figures=built,
        charts=figure_divs(built),
        tables={"policy": by_policy, "alias": by_alias, "difficulty": by_difficulty},
    )
    return render(request, "dashboards/gameplay.html", context)
