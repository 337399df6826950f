import pytest

from training.models import AliasChangeReason
from training.registry import services

pytestmark = pytest.mark.django_db

URL = "/api/v1/models/aliases/history/"


def test_it_serves_the_audit_trail_newest_first(api_client, registered_version):
    first = registered_version(aliases=["Production"])
    second = registered_version()
    services.aliases_move(
        family="mnlogit",
        moves={"Production": second},
        reason=AliasChangeReason.MANUAL_PROMOTE,
        actor="alice",
        note="better backtest",
    )

    body = api_client.get(URL).json()

    assert [
        {k: row[k] for k in ("family", "alias", "from_version", "to_version", "reason", "actor")}
        for row in body
    ] == [
        {
            "family": "mnlogit",
            "alias": "Production",
            "from_version": first.version,
            "to_version": second.version,
            "reason": "manual_promote",
            "actor": "alice",
        },
        {
            "family": "mnlogit",
            "alias": "Production",
            "from_version": None,
            "to_version": first.version,
            "reason": "bootstrap",
            "actor": "system:tests",
        },
    ]
    assert body[0]["note"] == "better backtest"
    assert body[0]["promotion_event_id"] is None
    assert body[0]["created_at"] >= body[1]["created_at"]


def test_family_and_limit_narrow_it(api_client, registered_version):
    registered_version("mnlogit", aliases=["Production", "B"])
    registered_version("xgboost", aliases=["Production"])

    only_mnlogit = api_client.get(URL, {"family": "mnlogit"}).json()
    just_one = api_client.get(URL, {"limit": 1}).json()

    assert sorted(row["alias"] for row in only_mnlogit) == ["B", "Production"]
    assert {row["family"] for row in only_mnlogit} == {"mnlogit"}
    assert [row["family"] for row in just_one] == ["xgboost"]


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": "many"}, {"family": "bogus"}])
def test_bad_query_values_are_a_400(api_client, query):
    response = api_client.get(URL, query)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"
