"""GET /api/v1/promotion/events/ (public, filtered, paginated) and /events/<id>/ (every field)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from rest_framework.test import APIClient

from promotion.models import PromotionEvent

pytestmark = pytest.mark.django_db

URL = "/api/v1/promotion/events/"


def make_event(at: datetime | None = None, **overrides: Any) -> PromotionEvent:
    fields: dict[str, Any] = {
        "family": "xgboost",
        "decision": "retain_production",
        "method": "sequential",
        "alpha": 0.05,
        "production_wins": 13,
        "production_total_games": 16,
        "b_wins": 25,
        "b_total_games": 30,
        "production_games_since_swap": 16,
        "production_wins_since_swap": 13,
        "b_games_since_swap": 30,
        "b_wins_since_swap": 25,
        "promotion_cycles_since_swap": 3,
        "reorder_applied": False,
        "reason": "B is not better than Production.",
        "source": "schedule",
    }
    fields.update(overrides)
    event = PromotionEvent.objects.create(**fields)
    if at is not None:
        # created_at is auto_now_add: put the event at a known time afterwards.
        PromotionEvent.objects.filter(pk=event.pk).update(created_at=at)
        event.refresh_from_db()
    return event


def ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_it_lists_events_newest_first_and_paginates(api):
    made = [make_event(at=datetime(2025, 10, 17, 22, minute, tzinfo=UTC)) for minute in range(3)]

    page = api.get(URL, {"limit": 2}).json()

    assert page["count"] == 3
    assert [row["id"] for row in page["results"]] == [made[2].pk, made[1].pk]
    assert page["next"] is not None
    assert ids(api.get(URL, {"limit": 2, "offset": 2})) == [made[0].pk]


def test_it_filters_by_family_and_decision(api):
    wanted = make_event(family="mnlogit", decision="swap_production_b")
    make_event(family="mnlogit", decision="retain_production")
    make_event(family="xgboost", decision="swap_production_b")

    assert ids(api.get(URL, {"family": "mnlogit", "decision": "swap_production_b"})) == [wanted.pk]


def test_it_filters_by_reorder_applied_and_absent_means_either(api):
    reordered = make_event(reorder_applied=True)
    kept = make_event(reorder_applied=False)

    assert ids(api.get(URL, {"reorder_applied": "true"})) == [reordered.pk]
    assert ids(api.get(URL, {"reorder_applied": "false"})) == [kept.pk]
    assert ids(api.get(URL)) == [kept.pk, reordered.pk]


def test_it_filters_by_since_and_until(api):
    early = make_event(at=datetime(2025, 10, 17, 22, 13, 2, tzinfo=UTC))
    swap = make_event(at=datetime(2025, 10, 17, 22, 37, 44, tzinfo=UTC))
    late = make_event(at=datetime(2025, 10, 18, 0, 52, 51, tzinfo=UTC))

    assert ids(api.get(URL, {"since": "2025-10-17T22:37:44Z"})) == [late.pk, swap.pk]
    assert ids(api.get(URL, {"until": "2025-10-17T22:37:44Z"})) == [swap.pk, early.pk]
    window = {"since": "2025-10-17T22:30:00Z", "until": "2025-10-17T23:00:00Z"}
    assert ids(api.get(URL, window)) == [swap.pk]


@pytest.mark.parametrize(
    "query, field",
    [
        ({"family": "random_forest"}, "family"),
        ({"decision": "alias_reorder"}, "decision"),
        ({"reorder_applied": "sometimes"}, "reorder_applied"),
        ({"since": "yesterday"}, "since"),
        ({"until": "2025-13-40"}, "until"),
        ({"family": ""}, "family"),
    ],
)
def test_it_refuses_bad_filter_values(api, query, field):
    response = api.get(URL, query)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"
    assert field in response.json()["detail"]


def test_the_detail_has_every_field_including_the_json_ones(api):
    event = make_event(
        reorder_applied=True,
        alias_rankings=["shadow1", "B", "shadow2"],
        alias_accuracies={"3": 0.41, "4": 0.47},
        assignments_before={"Production": 1, "B": 3, "shadow1": 4},
        assignments_after={"Production": 1, "B": 4, "shadow1": 3},
        payload={"actor": "system:promotion"},
    )

    response = api.get(f"{URL}{event.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["alias_rankings"] == ["shadow1", "B", "shadow2"]
    assert body["alias_accuracies"] == {"3": 0.41, "4": 0.47}
    assert body["assignments_after"]["B"] == 4
    assert body["payload"] == {"actor": "system:promotion"}
    assert body["production_wins_since_swap"] == 13
    assert body["method"] == "sequential"


def test_an_unknown_event_is_a_404_in_the_error_shape(api):
    response = api.get(f"{URL}999999/")

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_a_window_that_ends_before_it_starts_holds_no_events(api):
    # Schema-valid, so not refused: the filter simply matches nothing.
    response = api.get(URL, {"since": "2025-10-18T00:00:00Z", "until": "2025-10-17T00:00:00Z"})

    assert response.status_code == 200
    assert response.json()["results"] == []
