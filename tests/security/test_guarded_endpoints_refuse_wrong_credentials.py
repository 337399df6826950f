"""Every analyst-, staff- and internal-token route of the permissions table, called with no
credential, with wrong ones and with the right one: refused (401/403, nothing written) or served."""

from __future__ import annotations

from typing import Any

import pytest

from promotion.models import PromotionEvent
from rpsweb.permissions_table import PERMISSIONS, Permission
from tests.promotion.conftest import set_counters
from training.models import ServingGeneration

pytestmark = pytest.mark.django_db

REPORT = {
    "family": "xgboost",
    "decision": "retain_production",
    "reorder_applied": False,
    "production_wins": 13,
    "production_total_games": 16,
    "b_wins": 25,
    "b_total_games": 30,
    "production_games_since_swap": 16,
    "b_games_since_swap": 30,
    "promotion_cycles_since_swap": 1,
    "reason": "B is not better than Production yet.",
}

# One request per guarded route: (method, path, body).
EXAMPLES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "api/v1/rounds/": ("get", "/api/v1/rounds/", {}),
    "api/v1/models/reload": ("post", "/api/v1/models/reload", {"family": "xgboost"}),
    "api/v1/models/reload/": ("post", "/api/v1/models/reload/", {"family": "xgboost"}),
    "internal/promotion/report": ("post", "/internal/promotion/report", REPORT),
    "internal/promotion/report/": ("post", "/internal/promotion/report/", REPORT),
    "internal/promotion/history": ("get", "/internal/promotion/history", {}),
    "internal/promotion/history/": ("get", "/internal/promotion/history/", {}),
}

# Who is refused and who is served, by permission.
WRONG = {
    Permission.ANALYST_TOKEN: [
        "anonymous",
        "garbage token",
        "player token",
        "player session",
        "operator token",
        "internal bearer",
    ],
    Permission.STAFF: [
        "anonymous",
        "garbage token",
        "player token",
        "player session",
        "analyst token",
        "internal bearer",
    ],
    Permission.INTERNAL_TOKEN: [
        "anonymous",
        "wrong bearer",
        "player token",
        "analyst token",
        "staff session",
    ],
}
RIGHT = {
    Permission.ANALYST_TOKEN: ["analyst token", "staff session"],
    Permission.STAFF: ["staff session", "operator token"],
    Permission.INTERNAL_TOKEN: ["internal bearer"],
}

GUARDED = sorted(
    route
    for route, rule in PERMISSIONS.items()
    if rule.permission in WRONG and not route.startswith("admin/")
)


def writes() -> tuple[int, dict[str, int]]:
    generations = dict(ServingGeneration.objects.values_list("family", "generation"))
    return PromotionEvent.objects.count(), generations


@pytest.fixture(autouse=True)
def _counted_games() -> None:
    # What REPORT describes: a report may not claim more games than were counted.
    set_counters("xgboost", "Production", games=16, wins=13)
    set_counters("xgboost", "B", games=30, wins=25)


def call(credential, route: str):
    method, path, body = EXAMPLES[route]
    return getattr(credential.client(), method)(path, body, format="json")


def test_every_guarded_route_has_an_example_request():
    assert sorted(EXAMPLES) == GUARDED


@pytest.mark.parametrize("route", GUARDED)
def test_wrong_credentials_are_refused_and_write_nothing(route, credentials):
    permission = PERMISSIONS[route].permission
    before = writes()

    codes = {label: call(credentials[label], route).status_code for label in WRONG[permission]}

    assert {label: code in (401, 403) for label, code in codes.items()} == dict.fromkeys(
        codes, True
    ), codes
    assert writes() == before


@pytest.mark.parametrize("route", GUARDED)
def test_the_right_credential_is_served(route, credentials):
    permission = PERMISSIONS[route].permission

    codes = {label: call(credentials[label], route).status_code for label in RIGHT[permission]}

    assert set(codes.values()) <= {200, 201}, codes


def test_anonymous_is_told_to_authenticate_with_401(credentials):
    # 401 carries WWW-Authenticate, so a client learns which scheme to use.
    for route in ("api/v1/models/reload", "internal/promotion/history"):
        response = call(credentials["anonymous"], route)

        assert response.status_code == 401
        assert response.has_header("WWW-Authenticate")


def test_a_served_report_and_reload_really_write(credentials):
    events, generations = writes()

    call(credentials["internal bearer"], "internal/promotion/report")
    call(credentials["operator token"], "api/v1/models/reload")

    assert writes() == (events + 1, {**generations, "xgboost": generations.get("xgboost", 0) + 1})


def test_the_admin_site_needs_staff(credentials):
    refused = {
        label: credentials[label].client().get("/admin/")
        for label in ("anonymous", "player session", "analyst token")
    }
    served = credentials["staff session"].client().get("/admin/")

    for label, response in refused.items():
        assert response.status_code == 302, label
        assert response["Location"].startswith("/admin/login/"), label
    assert served.status_code == 200
