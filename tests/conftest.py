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
    """Throttling has its own test; elsewhere a burst of requests must not be refused."""
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
def _no_bootstrap_human_import(settings):
    """``manage.py bootstrap`` imports the shipped human sessions (49k rounds); tests that run
    the command ask for a file of their own (tests/training_tasks/test_bootstrap_imports_*)."""
    settings.BOOTSTRAP_HUMAN_SESSIONS_FILE = ""


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2's deliberate slowness (about half a second a user on these machines) buys a test
    nothing; the settings themselves keep Django's default hashers."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _bootstrap_trains_every_seed(settings):
    """Queued from ``manage.py bootstrap``, the challengers' task would wait in the suite's
    broker for whichever test starts a worker next; the test of that step turns it back on."""
    settings.BOOTSTRAP_CHALLENGERS_LATER = False


@pytest.fixture(autouse=True)
def _fresh_serving_cache():
    """Serving keeps loaded models per process. A model one test loaded (from its own MLflow
    store) must not answer another test's games, nor spare that test the load that sets its
    model status."""
    from training import serving

    serving.cache_clear()
    yield
    serving.cache_clear()
