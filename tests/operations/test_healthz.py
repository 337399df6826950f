import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_every_part(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert set(body["checks"]) == {"database", "broker", "registry"}
    assert body["checks"]["database"]["ok"] is True
    assert body["status"] == "ok"


def test_an_unreachable_broker_degrades_but_does_not_fail_health(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    body = client.get("/healthz").json()

    assert body["status"] == "degraded"
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_an_unreachable_registry_server_is_reported(client, settings):
    settings.MLFLOW_TRACKING_URI = "http://127.0.0.1:1"

    body = client.get("/healthz").json()

    assert body["checks"]["registry"]["ok"] is False
    assert body["status"] == "degraded"
