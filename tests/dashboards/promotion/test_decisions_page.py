"""The decision ledger: every event in time coloured by its real decision with reorders marked,
filters that narrow both the figure and the paginated table, each row explained and linked to
its event, and an event written by the real cycle showing up like any other."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dashboards.views import promotion as views
from promotion.models import PromotionEvent
from promotion.services import cycle_run
from tests.dashboards.promotion.conftest import figure_in_page, trace

pytestmark = pytest.mark.django_db


def get(client, **params):
    return client.get(reverse("dashboards:decisions"), params)


def table_ids(response) -> list[int]:
    return [event.pk for event, _ in response.context["rows"]]


def test_every_event_is_in_the_figure_by_its_real_decision_with_reorders_as_diamonds(
    client, ledger
):
    figure = figure_in_page(get(client).content.decode(), "decisions-timeline")

    names = [t["name"] for t in figure["data"]]
    assert "alias_reorder" not in names
    swaps = trace(figure, "swap_production_b")
    assert [x[:19] for x in swaps["x"]] == ["2025-10-19T20:00:00", "2025-10-19T22:37:44"]
    assert swaps["marker"]["symbol"] == ["circle", "diamond"]
    insufficient = trace(figure, "insufficient_data")
    assert insufficient["marker"]["symbol"] == ["diamond", "diamond", "circle", "diamond", "circle"]
    retain = trace(figure, "retain_production")
    assert retain["y"] == ["xgboost", "mnlogit"]
    assert [row[0] for row in retain["customdata"]] == [
        ledger["reorder_1"].pk,
        ledger["mnlogit"].pk,
    ]


def test_the_table_lists_events_newest_first_with_explanations_and_links(client, ledger):
    response = get(client)
    html = response.content.decode()

    assert table_ids(response)[:3] == [
        ledger["after_4"].pk,
        ledger["after_3"].pk,
        ledger["after_2"].pk,
    ]
    assert response.context["events_page"].paginator.count == 9
    rows = {event.pk: explanation for event, explanation in response.context["rows"]}
    assert rows[ledger["after_1"].pk].counted_since == "since the swap on 2025-10-19 22:37 UTC"
    assert rows[ledger["swap"].pk].counted_since == "since the swap on 2025-10-19 20:00 UTC"
    assert rows[ledger["earlier_swap"].pk].counted_since.startswith("since the first cycle")
    assert reverse("dashboards:event", args=[ledger["swap"].pk]) in html
    # The reason is shown escaped, never as markup.
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("params", "labels"),
    [
        ({"family": "mnlogit"}, ["mnlogit"]),
        ({"decision": "swap_production_b"}, ["swap", "earlier_swap"]),
        (
            {"reorder_applied": "true"},
            ["after_3", "after_1", "swap", "before_swap", "reorder_1"],
        ),
        ({"date_from": "2025-10-20"}, ["after_4", "after_3"]),
        ({"date_from": "2025-10-19", "date_to": "2025-10-19"}, [
            "after_2", "after_1", "swap", "before_swap", "mnlogit", "reorder_1", "earlier_swap",
        ]),
        (
            {"family": "xgboost", "decision": "insufficient_data", "reorder_applied": "false"},
            ["after_4", "after_2"],
        ),
        ({"family": "feedforward"}, []),
    ],
)  # fmt: skip
def test_filters_narrow_the_table_and_the_figure(client, ledger, params, labels):
    response = get(client, **params)

    assert response.status_code == 200
    assert table_ids(response) == [ledger[label].pk for label in labels]
    figure = response.context["figures"]["decisions_timeline"]
    plotted = sorted(pk for t in figure.data if t.customdata for pk, _ in t.customdata)
    assert plotted == sorted(ledger[label].pk for label in labels)


def test_the_table_is_paginated_and_keeps_the_filters(client, ledger, monkeypatch):
    monkeypatch.setattr(views, "EVENTS_PER_PAGE", 3)

    first = get(client, family="xgboost")
    second = get(client, family="xgboost", page="2")
    beyond = get(client, family="xgboost", page="99")

    assert table_ids(first) == [ledger[x].pk for x in ("after_4", "after_3", "after_2")]
    assert table_ids(second) == [ledger[x].pk for x in ("after_1", "swap", "before_swap")]
    assert table_ids(beyond) == [ledger[x].pk for x in ("reorder_1", "earlier_swap")]
    assert 'href="?family=xgboost&amp;page=3"' in second.content.decode()


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"decision": "alias_reorder"}, "decision", "alias_reorder is not a decision"),
        ({"family": "nosuchfamily"}, "family", "Select a valid choice"),
        ({"reorder_applied": "maybe"}, "reorder_applied", "Select a valid choice"),
        ({"date_from": "2025-13-45"}, "date_from", "Enter a valid date"),
        ({"date_to": "9999-12-31"}, "date_to", "choose a date between"),
        ({"date_from": "2025-10-20", "date_to": "2025-10-19"}, "date_to", "before the start"),
        ({"page": "0"}, "page", "greater than or equal to 1"),
        ({"page": "abc"}, "page", "Enter a whole number"),
    ],
)
def test_bad_filters_are_a_400_with_the_reason(client, ledger, params, field, message):
    response = get(client, **params)

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    html = response.content.decode()
    assert 'id="filter-errors"' in html
    assert "decision-table" not in html


def test_an_event_written_by_the_real_cycle_is_listed(client, ledger):
    report = cycle_run(family="feedforward", source="manual")

    response = get(client, family="feedforward")

    assert table_ids(response) == [report.event_id]
    event, explanation = response.context["rows"][0]
    assert event.decision == "insufficient_data"
    assert explanation.reason == report.reason.rstrip(". ")


def test_the_page_costs_the_same_few_queries_however_long_the_ledger(
    client, ledger, django_assert_max_num_queries
):
    template = ledger["after_4"]
    PromotionEvent.objects.bulk_create(
        PromotionEvent(
            **{
                f.attname: getattr(template, f.attname)
                for f in PromotionEvent._meta.concrete_fields
                if f.attname not in ("id", "created_at")
            }
        )
        for _ in range(60)
    )
    with django_assert_max_num_queries(3):
        response = get(client, family="xgboost")
    assert response.context["events_page"].paginator.count == 68
