from collections import Counter
from pathlib import Path

from rpsweb.permissions_table import PERMISSIONS, Permission
from tests.security.routes import routes, walk


def test_every_route_is_in_the_permissions_table():
    missing = sorted(set(routes()) - set(PERMISSIONS))

    assert missing == [], f"choose a permission in rpsweb/permissions_table.py for {missing}"


def test_the_table_lists_no_route_that_no_longer_exists():
    stale = sorted(set(PERMISSIONS) - set(routes()))

    assert stale == [], f"remove {stale} from rpsweb/permissions_table.py"


def test_the_table_names_each_route_by_its_url_name():
    wrong = {
        route: (rule.name, routes()[route])
        for route, rule in PERMISSIONS.items()
        if route in routes() and rule.name != routes()[route]
    }

    assert wrong == {}


def test_no_route_is_declared_twice():
    twice = [route for route, count in Counter(route for route, _ in walk()).items() if count > 1]

    assert twice == []


def test_the_walk_reaches_inside_every_include():
    found = routes()

    # One route from each included URLconf, so that a walk that stopped early would fail.
    for route in (
        "api/v1/models/reload",
        "api/v1/promotion/events/",
        "api/v1/games/<int:game_id>/rounds/",
        "internal/promotion/report",
        "dashboards/gameplay/",
        "dashboards/<family:family>/tickers/",
        "play",
        "play/<int:game_id>/move/",
        "admin/",
    ):
        assert route in found


def test_every_rule_has_a_reason_and_a_known_permission():
    for route, rule in PERMISSIONS.items():
        assert rule.why.strip(), route
        assert rule.permission in set(Permission)


def test_docs_security_lists_every_route_with_its_permission():
    page = (Path(__file__).resolve().parents[2] / "docs" / "security.md").read_text()

    missing = [
        route
        for route, rule in PERMISSIONS.items()
        if f"| `/{route}` | `{rule.name}` | {rule.permission.value} |" not in page
    ]

    assert missing == [], "update the table in docs/security.md"
