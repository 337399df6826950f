import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/models/"


def test_it_lists_every_family_with_its_alias_map_and_stages(api_client, registered_version):
    registered_version("mnlogit", aliases=["Production"])
    registered_version("mnlogit", aliases=["B", "shadow1"])
    registered_version("mnlogit", aliases=["shadow2"])

    body = api_client.get(URL).json()

    by_family = {row["family"]: row for row in body}
    assert set(by_family) == {"feedforward", "xgboost", "mnlogit"}
    assert by_family["mnlogit"] == {
        "family": "mnlogit",
        "registered_model": "rps_bot_mnlogit",
        "policy": "logan",
        "aliases": {
            "Production": {"version": 1, "stage": "production"},
            "B": {"version": 2, "stage": "staging"},
            "shadow1": {"version": 2, "stage": "staging"},
            "shadow2": {"version": 3, "stage": "staging"},
        },
    }
    assert list(by_family["mnlogit"]["aliases"]) == ["Production", "B", "shadow1", "shadow2"]
    assert by_family["xgboost"]["aliases"] == {}


def test_it_is_public(api_client):
    assert api_client.get(URL).status_code == 200
