"""The evidence page: the always-valid p-value per cycle on a log axis, alpha as recorded on
each event, swaps marked, and the classic z-test p for contrast."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.dashboards.promotion.conftest import figure_in_page, trace

pytestmark = pytest.mark.django_db

AVP = "always-valid p (sequential)"
CLASSIC = "z-test p (classic, not valid under repeated looks)"


def page(client, family="xgboost"):
    response = client.get(reverse("dashboards:evidence", args=[family]))
    assert response.status_code == 200
    return response


def test_the_always_valid_p_is_drawn_on_a_log_axis_against_alpha(client, ledger):
    figure = figure_in_page(page(client).content.decode(), "evidence-p-values")

    assert figure["layout"]["yaxis"]["type"] == "log"
    assert trace(figure, AVP)["y"] == [0.031, 0.8, 0.2, 0.04, 1.0, 1.0, 1.0, 1.0]
    assert trace(figure, AVP)["customdata"] == [0, 1, 2, 0, 1, 2, 3, 4]  # cycles since swap
    assert trace(figure, "alpha")["y"] == [0.05] * 8
    assert trace(figure, CLASSIC)["y"] == [0.018, 0.31, 0.12, 0.029, None, None, None, None]
    swaps = trace(figure, "Production/B swap (evidence restarts)")
    assert [x[:19] for x in swaps["x"]] == ["2025-10-19T20:00:00", "2025-10-19T22:37:44"]


def test_the_by_cycle_view_has_one_line_per_since_swap_window(client, ledger):
    figure = figure_in_page(page(client).content.decode(), "evidence-by-window")

    lines = {t["name"]: (t["x"], t["y"]) for t in figure["data"]}
    assert lines["since swap 2025-10-19 22:37"] == ([1, 2, 3, 4], [1.0, 1.0, 1.0, 1.0])
    assert lines["since swap 2025-10-19 20:00"] == ([1, 2, 3], [0.8, 0.2, 0.04])


def test_a_z_test_family_shows_its_own_alpha_and_says_there_is_no_sequential_evidence(
    client, ledger
):
    html = page(client, "mnlogit").content.decode()
    figure = figure_in_page(html, "evidence-p-values")

    assert 'id="no-sequential"' in html
    assert trace(figure, "alpha")["y"] == [0.1]
    assert trace(figure, CLASSIC)["y"] == [0.4]
    assert trace(figure, AVP)["y"] == [None]


def test_the_page_costs_a_fixed_number_of_queries(client, ledger, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        page(client)
