"""The index: one card per family with its alias map, last decision and tickers, linking to
the family's overview."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from core.vocabulary import FAMILIES

pytestmark = pytest.mark.django_db


def card(html: str, family: str) -> str:
    match = re.search(rf'<section[^>]*id="family-card-{family}".*?</section>', html, re.S)
    assert match, family
    return match.group(0)


def test_every_family_has_a_card_linking_to_its_overview(client, ledger):
    html = client.get(reverse("dashboards:index")).content.decode()

    for family in FAMILIES:
        assert reverse("dashboards:overview", args=[family]) in card(html, family)


def test_a_card_shows_aliases_last_decision_and_tickers(client, ledger):
    html = client.get(reverse("dashboards:index")).content.decode()
    xgboost = card(html, "xgboost")

    aliases = dict(re.findall(r'data-alias="(\w+)"><th scope="row">\w+</th><td>(v\d+)', xgboost))
    assert aliases == {"Production": "v3", "B": "v2", "shadow1": "v4", "shadow2": "v1"}
    assert reverse("dashboards:event", args=[ledger["after_4"].pk]) in xgboost
    assert "<code>insufficient_data</code>" in xgboost
    production = 17 + len(ledger.played_in("Production")) - 16
    assert f'data-ticker="production">{production}<' in xgboost
    assert 'data-ticker="cycles">4<' in xgboost

    mnlogit = card(html, "mnlogit")
    assert "promotion paused" in mnlogit
    assert mnlogit.count("missing") == 3
    assert 'data-ticker="b">9<' in mnlogit  # no swap yet: since-swap is everything
    assert "No promotion cycle yet" in card(html, "feedforward")


def test_the_index_costs_a_fixed_number_of_queries_per_family(
    client, ledger, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7 * len(FAMILIES)):
        client.get(reverse("dashboards:index"))
