from __future__ import annotations

import os

import pytest
from rest_framework.test import APIClient

os.environ.setdefault("MLFLOW_SKIP_PIP_REQUIREMENTS_CHECK", "true")


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture(autouse=True)
def _fast_throttles(settings):
    """Throttling has its own test; elsewhere a burst of requests must not be refused. (Here,
    not in rpsweb/settings/test.py: the servers the live tests start keep the real rates.)"""
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {scope: "100000/minute" for scope in rates},
    }


@pytest.fixture
def admin_client(client):
    """A client logged in as the superuser "root": admin actions name it in the audit trail."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _fresh_serving_cache():
    """Serving keeps loaded models per process. A model one test loaded (from its own MLflow
    store) must not answer another test's games, nor spare that test the load that sets its
    model status."""
    from training import serving

    serving.cache_clear()
    yield
    serving.cache_clear()
