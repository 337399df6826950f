"""A private MLflow store per test and registered versions to serve: the registry tests'
fixtures (see tests/registry/conftest.py), with serving's per-process cache reset around each
test and the generation looked at on every call."""

from __future__ import annotations

import pytest

from tests.registry.conftest import (  # noqa: F401
    empty_mlflow_db,
    mlflow_store,
    registered_version,
    tiny_models,
)
from training import serving


@pytest.fixture(autouse=True)
def private_serving(request, settings):
    store = request.getfixturevalue("mlflow_store")
    settings.SERVING_GENERATION_CHECK_SECONDS = 0.0
    serving.cache_clear()
    yield store
    serving.cache_clear()
