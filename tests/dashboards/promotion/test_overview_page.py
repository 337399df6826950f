"""A family's overview: alias map with stage, age and status, the live tickers (the numbers
/metrics exports), Production vs B since-swap win rates with Wilson intervals, the last
decision explained, and whether promotion is paused."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from prometheus_client.parser import text_string_to_metric_families

from promotion.stats import wilson_interval
from tests.dashboards.promotion.conftest import figure_in_page

pytestmark = pytest.mark.django_db


def overview(client, family):
    response = client.get(reverse("dashboards:overview", args=[family]))
    assert response.status_code == 200
    return response


def metric(text: str, name: str, **labels: str) -> float:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
    raise AssertionError(f"{name} {labels} not exported")


def test_the_alias_map_shows_version_stage_and_status(client, ledger):
    html = overview(client, "xgboost").content.decode()
    row = re.compile(
        r'<tr data-alias="(\w+)" data-status="(\w+)">\s*<th[^>]*>\w+</th>\s*<td>(v\d+|—)</td>'
        r"\s*<td>(\w+|—)</td>"
    )
    rows = {alias: (status, version, stage) for alias, status, version, stage in row.findall(html)}
    assert rows == {
        "Production": ("ok", "v3", "production"),
        "B": ("ok", "v2", "staging"),
        "shadow1": ("ok", "v4", "staging"),
        "shadow2": ("ok", "v1", "staging"),
    }
    statuses = re.findall(
        r'data-alias="(\w+)" data-status="(\w+)"', overview(client, "mnlogit").text
    )
    assert statuses == [("Production", "ok"), ("B", "missing"), ("shadow1", "missing"),
                        ("shadow2", "missing")]  # fmt: skip


def test_the_tickers_are_the_live_counters_minus_the_swap_baseline_as_metrics_exports_them(
    client, ledger
):
    response = overview(client, "xgboost")
    # Raw counters 17 and 31 plus the games just played, minus the 22:37:44 baseline 16 and 30.
    production = 17 + len(ledger.played_in("Production")) - 16
    b = 31 + len(ledger.played_in("B")) - 30
    tickers = response.context["data"].tickers
    assert (tickers.production_since_swap.games, tickers.b_since_swap.games) == (production, b)
    assert tickers.cycles_since_swap == 4
    html = response.content.decode()
    assert f'data-ticker="production">{production}<' in html
    assert f'data-ticker="b">{b}<' in html

    exported = client.get(reverse("metrics")).content.decode()
    since = "rps_model_games_since_production_swap"
    assert metric(exported, since, model="xgboost", alias="Production") == production
    assert metric(exported, since, model="xgboost", alias="B") == b
    assert metric(exported, "rps_model_promotion_cycles_since_swap", model="xgboost") == 4


def test_the_win_rate_figure_carries_since_swap_rates_with_wilson_intervals(client, ledger):
    response = overview(client, "xgboost")
    tickers = response.context["data"].tickers
    figure = figure_in_page(response.content.decode(), "win-rates")

    bar = figure["data"][0]
    assert bar["x"] == ["Production", "B"]
    for i, counts in enumerate((tickers.production_since_swap, tickers.b_since_swap)):
        low, high = wilson_interval(counts.wins, counts.games)
        assert bar["y"][i] == pytest.approx(counts.wins / counts.games)
        assert bar["y"][i] + bar["error_y"]["array"][i] == pytest.approx(high)
        assert bar["y"][i] - bar["error_y"]["arrayminus"][i] == pytest.approx(low)
    assert response.context["figures"]["win_rates"].data[0].y == tuple(bar["y"])


def test_the_last_decision_is_explained_and_linked(client, ledger):
    html = overview(client, "xgboost").content.decode()

    last = ledger["after_4"]
    assert reverse("dashboards:event", args=[last.pk]) in html
    assert "Counted since the swap on 2025-10-19 22:37 UTC" in html
    assert "Production has 1 game and B has 1 game since the swap" in html


def test_pause_state_is_shown(client, ledger):
    assert 'data-paused="true"' in overview(client, "mnlogit").text
    assert "paused by admin" in overview(client, "mnlogit").text
    assert 'data-paused="false"' in overview(client, "xgboost").text


def test_a_family_without_versions_or_cycles_still_renders(client, ledger):
    html = overview(client, "feedforward").content.decode()

    assert html.count('data-status="missing"') == 4
    assert "No promotion cycle has run for feedforward yet" in html
    assert figure_in_page(html, "win-rates")["data"][0]["text"] == ["no games since the swap"] * 2


def test_an_unknown_family_is_a_404(client, ledger):
    assert client.get("/dashboards/nosuchfamily/").status_code == 404


def test_the_overview_costs_a_fixed_number_of_queries(
    client, ledger, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):
        overview(client, "xgboost")
