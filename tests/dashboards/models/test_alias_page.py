"""The alias timeline page: the Gantt chart and the audit table of one family."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

DAY_MS = 86_400_000.0


def test_the_timeline_shows_each_holding_from_the_alias_changes(client, model_world) -> None:
    response = client.get(reverse("dashboards:aliases", args=["xgboost"]))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="alias-timeline"' in content
    bars = {trace.name: trace for trace in response.context["figures"]["alias_timeline"].data}
    assert set(bars) == {"v1", "v2", "v3", "v4"}  # v5 was rejected: it never held an alias
    at = model_world.at
    # v1: Production from bootstrap to the swap, B until the re-ranking, shadow1 since.
    assert list(bars["v1"].y) == ["Production", "B", "shadow1"]
    assert list(bars["v1"].base) == [at(0).isoformat(), at(2).isoformat(), at(3).isoformat()]
    assert list(bars["v1"].x)[:2] == [2 * DAY_MS, 1 * DAY_MS]
    # v2: B until the swap, then Production up to now.
    assert list(bars["v2"].y) == ["B", "Production"]
    assert bars["v2"].x[0] == 2 * DAY_MS
    now_span = bars["v2"].x[1] / DAY_MS
    assert 8 <= now_span < 8 + 1 / 24  # the current holder's bar runs to the time of the request
    assert [row[2] for row in bars["v2"].customdata] == ["ended", "now"]
    assert list(bars["v4"].base) == [at(1).isoformat()]


def test_the_audit_table_lists_every_change_newest_first_with_its_event(
    client, model_world
) -> None:
    response = client.get(reverse("dashboards:aliases", args=["xgboost"]))

    audit = response.context["audit"]
    assert len(audit) == 8  # the mnlogit change is not here
    newest = audit[0]
    assert newest.at == model_world.at(3)
    assert {(r.alias, r.from_version, r.to_version) for r in audit[:2]} == {
        ("B", 1, 3),
        ("shadow1", 3, 1),
    }
    assert audit[-1].reason == "bootstrap" and audit[-1].from_version is None
    content = response.content.decode()
    swap, reorder = model_world.events[0], model_world.events[1]
    assert content.count(f'href="{reverse("dashboards:event", args=[swap.pk])}"') == 2
    assert content.count(f'href="{reverse("dashboards:event", args=[reorder.pk])}"') == 2
    assert "v1 → v2" in content
    assert "Promotion cycle: Production/B swap" in content
    assert content.count('data-reason="bootstrap"') == 3


def test_a_family_without_history_shows_an_empty_timeline(client, db) -> None:
    response = client.get(reverse("dashboards:aliases", args=["feedforward"]))

    assert response.status_code == 200
    assert response.context["figures"]["alias_timeline"].data == ()
    assert "No alias of feedforward has moved yet." in response.content.decode()


def test_an_unknown_family_is_not_found(client, db) -> None:
    assert client.get("/dashboards/catboost/aliases/").status_code == 404


def test_the_page_stays_within_a_few_queries(
    client, model_world, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(4):
        response = client.get(reverse("dashboards:aliases", args=["xgboost"]))
    assert response.status_code == 200


def test_the_last_holding_ends_at_now_not_at_the_last_change(client, model_world) -> None:
    response = client.get(reverse("dashboards:aliases", args=["xgboost"]))

    shadow2 = response.context["segments"][-1]
    assert (shadow2.alias, shadow2.version, shadow2.current) == ("shadow2", 4, True)
    assert shadow2.end - shadow2.start > timedelta(days=8)
