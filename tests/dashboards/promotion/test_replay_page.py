"""The replay page: the ledger's swaps and another rule's on one time axis, the cycles where
they disagree in a table, and a rule that is not one refused with a 400 that says why."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.dashboards.promotion.conftest import figure_in_page
from tests.promotion.conftest import CYCLED_FAMILY

pytestmark = pytest.mark.django_db

SWAP = "swap_production_b"


def _swaps(figure: dict, lane: str) -> int:
    return sum(len(t["x"]) for t in figure["data"] if t["name"] == SWAP and set(t["y"]) == {lane})


def test_as_recorded_it_reproduces_the_ledger(client, cycled_ledger) -> None:
    response = client.get(reverse("dashboards:replay", args=[CYCLED_FAMILY]))

    html = response.content.decode()
    recorded = sum(e.decision == SWAP for e in cycled_ledger)
    assert response.status_code == 200
    assert f'<strong id="recorded-swaps">{recorded}</strong>' in html
    assert f'<strong id="replayed-swaps">{recorded}</strong>' in html
    assert 'id="no-differences"' in html
    figure = figure_in_page(html, "replay-timeline")
    assert _swaps(figure, "recorded") == _swaps(figure, "replayed") == recorded


def test_another_rule_lists_the_cycles_it_decides_otherwise(client, cycled_ledger) -> None:
    url = reverse("dashboards:replay", args=[CYCLED_FAMILY])

    html = client.get(url, {"method": "point"}).content.decode()

    figure = figure_in_page(html, "replay-timeline")
    assert _swaps(figure, "replayed") == len(cycled_ledger)  # point swaps whenever B leads
    first = cycled_ledger[0]
    assert f'data-event-id="{first.pk}" data-recorded="{first.decision}"' in html
    assert f'data-replayed="{SWAP}"' in html


@pytest.mark.parametrize("rule", [{"alpha": "0.9"}, {"method": "bogus"}, {"min_games": "-1"}])
def test_a_rule_that_is_not_one_is_a_400_that_says_why(client, cycled_ledger, rule) -> None:
    response = client.get(reverse("dashboards:replay", args=[CYCLED_FAMILY]), rule)

    assert response.status_code == 400
    assert 'id="rule-errors"' in response.content.decode()


def test_a_family_without_cycles_says_so(client) -> None:
    response = client.get(reverse("dashboards:replay", args=["mnlogit"]))

    assert response.status_code == 200
    assert 'id="no-events"' in response.content.decode()
