"""POST /internal/promotion/report: an external promoter's cycle report, token-authenticated,
validated, and stored as a ledger event with source "report" (never on a refusal)."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from promotion.models import PromotionEvent
from tests.promotion.conftest import set_counters

pytestmark = pytest.mark.django_db

URL = "/internal/promotion/report"
TOKEN = "s3cret-internal-token"


@pytest.fixture
def token(settings):
    settings.INTERNAL_API_TOKEN = TOKEN
    # The games the reports below describe: a report may not claim more than was counted.
    set_counters("xgboost", "Production", games=16, wins=13)
    set_counters("xgboost", "B", games=30, wins=25)
    return TOKEN


def report(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "family": "xgboost",
        "decision": "retain_production",
        "reorder_applied": True,
        "method": "ztest",
        "alpha": 0.05,
        "z_statistic": 0.18,
        "p_value": 0.43,
        "production_wins": 13,
        "production_total_games": 16,
        "b_wins": 25,
        "b_total_games": 30,
        "production_games_since_swap": 16,
        "production_wins_since_swap": 13,
        "b_games_since_swap": 30,
        "b_wins_since_swap": 25,
        "promotion_cycles_since_swap": 1,
        "alias_rankings": ["shadow1", "B", "shadow2"],
        "alias_accuracies": {"3": 0.41, "4": 0.47},
        "assignments_before": {"Production": 1, "B": 3, "shadow1": 4},
        "assignments_after": {"Production": 1, "B": 4, "shadow1": 3},
        "reason": "B is not better than Production yet.",
    }
    body.update(overrides)
    return body


def post(body: dict[str, Any], authorization: str | None = None):
    client = APIClient()
    if authorization is not None:
        client.credentials(HTTP_AUTHORIZATION=authorization)
    return client.post(URL, body, format="json")


def test_it_stores_a_good_report_as_a_report_event(token):
    response = post(report(), f"Bearer {token}")

    assert response.status_code == 201, response.json()
    event = PromotionEvent.objects.get()
    assert response.json()["id"] == event.pk
    assert event.source == "report"
    assert event.decision == "retain_production"
    assert event.reorder_applied is True
    assert (event.b_wins, event.b_total_games) == (25, 30)
    assert event.assignments_after == {"Production": 1, "B": 4, "shadow1": 3}
    assert response.json()["alias_rankings"] == ["shadow1", "B", "shadow2"]


def test_it_refuses_a_call_without_a_token_with_401(token):
    response = post(report())

    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"
    assert not PromotionEvent.objects.exists()


def test_it_refuses_a_wrong_token_with_403(token):
    response = post(report(), "Bearer not-the-token")

    assert response.status_code == 403
    assert response.json() == {"error": "permission_denied", "detail": "invalid internal token"}
    assert not PromotionEvent.objects.exists()


def test_it_refuses_every_call_when_no_token_is_configured(settings):
    settings.INTERNAL_API_TOKEN = ""

    response = post(report(), "Bearer ")

    assert response.status_code == 503
    assert response.json()["detail"] == "internal token not configured"
    assert not PromotionEvent.objects.exists()


def test_it_refuses_alias_reorder_as_a_decision_and_stores_nothing(token):
    response = post(report(decision="alias_reorder"), f"Bearer {token}")

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid_input"
    message = body["detail"]["decision"][0]
    assert "alias_reorder" in message and "reorder_applied" in message
    assert not PromotionEvent.objects.exists()


def test_it_refuses_more_wins_than_games(token):
    response = post(report(b_wins=31), f"Bearer {token}")

    assert response.status_code == 400
    assert "b_wins" in response.json()["detail"]
    assert not PromotionEvent.objects.exists()


def test_it_refuses_more_since_swap_games_than_games(token):
    response = post(report(production_games_since_swap=17), f"Bearer {token}")

    assert response.status_code == 400
    assert "production_games_since_swap" in response.json()["detail"]


def test_it_refuses_an_unknown_family(token):
    response = post(report(family="random_forest"), f"Bearer {token}")

    assert response.status_code == 400
    assert "family" in response.json()["detail"]
    assert not PromotionEvent.objects.exists()


def test_it_refuses_negative_counts_and_a_missing_reorder_flag(token):
    body = report(production_wins=-1)
    del body["reorder_applied"]

    response = post(body, f"Bearer {token}")

    assert response.status_code == 400
    assert {"production_wins", "reorder_applied"} <= set(response.json()["detail"])


def test_it_writes_a_plain_reason_when_the_report_has_none(token):
    response = post(report(reason="", decision="insufficient_data"), f"Bearer {token}")

    assert response.status_code == 201
    assert PromotionEvent.objects.get().reason == (
        "Reported by an external promoter: insufficient data, challengers re-ranked."
    )
