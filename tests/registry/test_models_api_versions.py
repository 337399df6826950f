import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/models/versions/"


def test_it_lists_versions_newest_first_with_pagination(api_client, registered_version):
    registered_version(aliases=["Production"], metrics={"holdout_accuracy": 0.6})
    registered_version(gates_passed=False)

    body = api_client.get(URL, {"limit": 1}).json()

    assert body["count"] == 2
    assert body["next"] is not None
    assert len(body["results"]) == 1
    assert body["results"][0]["version"] == 2
    everything = api_client.get(URL).json()["results"]
    assert everything[1] == {
        "family": "mnlogit",
        "version": 1,
        "registered_model": "rps_bot_mnlogit",
        "stage": "production",
        "gates_passed": True,
        "holdout_accuracy": 0.6,
        "aliases": ["Production"],
        "created_at": everything[1]["created_at"],
        "stage_changed_at": everything[1]["stage_changed_at"],
    }


def test_family_and_stage_filter_the_list(api_client, registered_version):
    registered_version("mnlogit", aliases=["Production"])
    registered_version("mnlogit", gates_passed=False)
    registered_version("xgboost", aliases=["Production"])

    def listed(**query: str) -> list[tuple[str, int]]:
        rows = api_client.get(URL, query).json()["results"]
        return [(row["family"], row["version"]) for row in rows]

    assert listed(family="mnlogit") == [("mnlogit", 2), ("mnlogit", 1)]
    assert listed(stage="production") == [("mnlogit", 1), ("xgboost", 1)]
    assert listed(family="mnlogit", stage="rejected") == [("mnlogit", 2)]


def test_an_unknown_filter_value_is_a_400(api_client):
    response = api_client.get(URL, {"stage": "retired"})

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"
    assert "stage" in response.json()["detail"]


def test_a_version_shows_metrics_counts_gates_stage_aliases_and_checksum(
    api_client, registered_version
):
    version = registered_version(aliases=["B"])

    response = api_client.get(f"{URL}mnlogit/{version.version}/")

    body = response.json()
    assert response.status_code == 200
    assert body["metrics"] == version.metrics
    assert body["sample_counts"] == {"rows": 400, "games": 16}
    assert body["gate_results"]["min_samples"] == {"passed": True, "rows": 400, "threshold": 400}
    assert body["gates_passed"] is True
    assert body["stage"] == "staging"
    assert body["stage_reason"] == "holds B"
    assert body["aliases"] == ["B"]
    assert body["sha256"] == version.sha256
    assert body["run_id"] == version.run_id
    assert body["source_uri"] == version.source_uri
    assert body["config"]["C"] == 1.0


@pytest.mark.parametrize("path", ["mnlogit/9/", "bogus/1/"])
def test_an_unknown_version_is_a_404(api_client, registered_version, path):
    registered_version()

    response = api_client.get(URL + path)

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
