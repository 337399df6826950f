"""One event: its explanation, counters, assignments before and after, the alias changes it
caused, and its full record as escaped JSON; an unknown event is a 404."""

from __future__ import annotations

import html as html_lib
import json
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def page(client, pk):
    return client.get(reverse("dashboards:event", args=[pk]))


def full_record(html: str) -> dict:
    match = re.search(r'<pre id="event-json">(.*?)</pre>', html, re.S)
    assert match
    return json.loads(html_lib.unescape(match.group(1)))


def test_a_swap_is_explained_with_its_counters_and_moves(client, ledger):
    swap = ledger["swap"]
    response = page(client, swap.pk)
    html = response.content.decode()

    assert response.status_code == 200
    explanation = response.context["explanation"]
    assert explanation.headline.startswith("B beat Production")
    assert "Counted since the swap on 2025-10-19 20:00 UTC" in html
    counters = re.search(r'<table id="event-counters">.*?</table>', html, re.S).group(0)
    cells = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', counters)]
    assert cells == [16, 30, 13, 25, 0, 0, 0, 0]  # raw games, raw wins, since-swap games, wins
    moved = {row.alias: (row.before, row.after) for row in response.context["assignments"]}
    assert moved == {"Production": (1, 3), "B": (3, 4), "shadow1": (4, 1), "shadow2": (2, 2)}
    assert reverse("dashboards:event", args=[ledger["earlier_swap"].pk]) in html


def test_the_alias_changes_the_event_caused_are_listed(client, ledger):
    response = page(client, ledger["swap"].pk)

    changes = response.context["detail"].alias_changes
    assert [(c.alias, c.from_version.version, c.to_version.version) for c in changes] == [
        ("Production", 1, 3),
        ("B", 3, 4),
        ("shadow1", 4, 1),
    ]
    assert {c.promotion_event_id for c in changes} == {ledger["swap"].pk}
    table = re.search(
        r'<table id="event-alias-changes">.*?</table>', response.content.decode(), re.S
    )
    assert table.group(0).count("<tr data-alias=") == 3
    none = page(client, ledger["after_2"].pk).content.decode()
    assert 'id="no-alias-changes"' in none


def test_the_full_record_is_pretty_printed_and_escaped(client, ledger):
    event = ledger["mnlogit"]
    html = page(client, event.pk).content.decode()

    assert "<script>alert(1)</script>" not in html
    record = full_record(html)
    assert record["id"] == event.pk
    assert record["reason"] == event.reason
    assert record["p_value"] == 0.4
    assert record["always_valid_p_value"] is None
    assert record["assignments_after"] == {"Production": 1}
    assert record["created_at"] == "2025-10-19T21:30:00+00:00"


def test_an_unknown_event_is_a_404(client, ledger):
    assert page(client, 999_999).status_code == 404


def test_the_page_costs_a_fixed_number_of_queries(client, ledger, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        page(client, ledger["swap"].pk)
