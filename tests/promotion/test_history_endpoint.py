"""GET /internal/promotion/history: the latest events, newest first, flat, for Grafana."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from promotion.models import PromotionEvent
from tests.promotion.conftest import set_counters

pytestmark = pytest.mark.django_db

URL = "/internal/promotion/history"


@pytest.fixture
def client(internal_client):
    return internal_client


def make_event(**overrides: Any) -> PromotionEvent:
    fields: dict[str, Any] = {
        "family": "xgboost",
        "decision": "insufficient_data",
        "method": "sequential",
        "alpha": 0.05,
        "production_wins": 13,
        "production_total_games": 16,
        "b_wins": 26,
        "b_total_games": 31,
        "production_games_since_swap": 0,
        "production_wins_since_swap": 0,
        "b_games_since_swap": 1,
        "b_wins_since_swap": 1,
        "promotion_cycles_since_swap": 2,
        "reorder_applied": True,
        "reason": "Too few games since the swap.",
        "source": "schedule",
    }
    fields.update(overrides)
    return PromotionEvent.objects.create(**fields)


def test_it_lists_the_latest_events_newest_first_with_flat_fields(client):
    older = make_event(decision="swap_production_b", reorder_applied=False)
    newer = make_event(family="mnlogit", source="report")

    response = client.get(URL)

    assert response.status_code == 200
    rows = response.json()
    assert [row["id"] for row in rows] == [newer.pk, older.pk]
    first = rows[0]
    assert first["family"] == "mnlogit"
    assert first["source"] == "report"
    assert first["decision"] == "insufficient_data"
    assert first["reorder_applied"] is True
    assert first["b_games_since_swap"] == 1
    assert first["promotion_cycles_since_swap"] == 2
    assert first["created_at"].startswith(f"{newer.created_at:%Y-%m-%dT%H:%M}")
    assert "payload" not in first and "assignments_after" not in first


def test_it_returns_at_most_limit_events(client):
    made = [make_event() for _ in range(4)]

    response = client.get(URL, {"limit": 2})

    assert [row["id"] for row in response.json()] == [made[3].pk, made[2].pk]


def test_it_returns_fifty_events_by_default(client):
    for _ in range(51):
        make_event()

    assert len(client.get(URL).json()) == 50


@pytest.mark.parametrize("limit", ["0", "501", "-3", "many"])
def test_it_refuses_a_limit_outside_one_to_five_hundred(client, limit):
    response = client.get(URL, {"limit": limit})

    assert response.status_code == 400
    assert "limit" in response.json()["detail"]


def test_it_accepts_the_largest_limit(client):
    make_event()

    assert client.get(URL, {"limit": 500}).status_code == 200


def test_it_needs_the_token_too(client):
    client.credentials()
    assert client.get(URL).status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Bearer wrong")
    assert client.get(URL).status_code == 403


def test_a_stored_report_appears_in_the_history_and_the_public_list(client):
    body = {
        "family": "feedforward",
        "decision": "swap_production_b",
        "reorder_applied": False,
        "production_wins": 5,
        "production_total_games": 13,
        "b_wins": 9,
        "b_total_games": 12,
        "production_games_since_swap": 13,
        "b_games_since_swap": 12,
        "promotion_cycles_since_swap": 0,
    }
    set_counters("feedforward", "Production", games=13, wins=5)
    set_counters("feedforward", "B", games=12, wins=9)
    stored = client.post("/internal/promotion/report", body, format="json")
    assert stored.status_code == 201, stored.json()
    event_id = stored.json()["id"]

    history = client.get(URL).json()
    public = APIClient().get("/api/v1/promotion/events/", {"family": "feedforward"}).json()

    assert [(row["id"], row["source"]) for row in history] == [(event_id, "report")]
    assert [row["id"] for row in public["results"]] == [event_id]
    assert public["results"][0]["decision"] == "swap_production_b"
