"""The tickers page draws the picture of promotion-review.md from the ledger: the cumulative
slot counters go on at the swap, the since-swap lines drop to zero there and not at a
re-ranking, and each slot's baseline steps up at every swap."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dashboards.selectors import promotion as selectors
from tests.dashboards.promotion.conftest import XGB_EVENTS, figure_in_page, trace

pytestmark = pytest.mark.django_db


def page(client, family="xgboost"):
    response = client.get(reverse("dashboards:tickers", args=[family]))
    assert response.status_code == 200
    return response


def test_the_since_swap_lines_reset_at_the_swap_while_the_cumulative_lines_go_on(client, ledger):
    html = page(client).content.decode()
    cumulative = figure_in_page(html, "tickers-cumulative")
    since = figure_in_page(html, "tickers-since-swap")

    assert trace(cumulative, "Production games (cumulative)")["y"] == [
        11,
        14,
        16,
        16,
        16,
        16,
        16,
        17,
    ]
    assert trace(cumulative, "B games (cumulative)")["y"] == [17, 24, 30, 30, 31, 31, 31, 31]
    assert trace(since, "Production games since swap")["y"] == [0, 3, 5, 0, 0, 0, 0, 1]
    assert trace(since, "B games since swap")["y"] == [0, 7, 13, 0, 1, 1, 1, 1]
    times = trace(since, "B games since swap")["x"]
    assert times[3].startswith("2025-10-19T22:37:44")


def test_the_baseline_is_drawn_and_swaps_are_marked(client, ledger):
    html = page(client).content.decode()
    cumulative = figure_in_page(html, "tickers-cumulative")
    since = figure_in_page(html, "tickers-since-swap")

    assert trace(cumulative, "B baseline (last swap)")["y"] == [17, 17, 17, 30, 30, 30, 30, 30]
    assert trace(cumulative, "Production baseline (last swap)")["y"] == [11] * 3 + [16] * 5
    swap_times = [shape["x0"] for shape in cumulative["layout"]["shapes"]]
    assert [t[:19] for t in swap_times] == ["2025-10-19T20:00:00", "2025-10-19T22:37:44"]
    assert trace(since, "Production/B swap (tickers reset)")["y"] == [0, 0]


def test_reorders_are_marked_differently_and_do_not_reset(client, ledger):
    since = figure_in_page(page(client).content.decode(), "tickers-since-swap")

    reorders = trace(since, "challenger re-ranking (no reset)")
    expected = [row for row in XGB_EVENTS if row[3] and row[2] != "swap_production_b"]
    assert [x[:19] for x in reorders["x"]] == [row[1].isoformat()[:19] for row in expected]
    assert reorders["y"] == [row[7][0] for row in expected] == [7, 13, 1, 1]
    assert reorders["marker"]["symbol"] == "diamond-open"


def test_the_series_is_bounded_to_the_latest_events(client, ledger, monkeypatch):
    monkeypatch.setattr(selectors, "MAX_SERIES_EVENTS", 3)

    response = page(client)

    since = response.context["figures"]["tickers_since_swap"]
    assert list(since.data[1].y) == [1, 1, 1]  # B since swap at the last three events
    assert "Showing the latest 3 events." in response.content.decode()


def test_a_family_without_events_says_so(client, ledger):
    response = page(client, "feedforward")

    assert 'id="no-events"' in response.content.decode()
    assert "tickers-since-swap" not in response.content.decode()


def test_the_page_costs_a_fixed_number_of_queries(client, ledger, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        page(client)
