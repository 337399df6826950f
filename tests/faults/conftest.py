"""Fixtures of the fault tests: a private broker, and the environment a worker subprocess needs
to share this test's database and MLflow store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.services import PrivateRedis, private_redis
from tests.integration.servers import database_url_of_tests
from tests.registry.conftest import (  # noqa: F401  (fixtures, used by name)
    empty_mlflow_db,
    mlflow_store,
    registered_version,
    tiny_models,
)


@pytest.fixture
def broker() -> Iterator[PrivateRedis]:
    """A private Redis for a worker's broker: requeues after a kill behave as in production,
    and nothing else on the machine sees these tasks."""
    with private_redis() as server:
        yield server


@pytest.fixture
def worker_env(settings, mlflow_store: Path, broker: PrivateRedis) -> dict[str, str]:  # noqa: F811
    """This test's database, MLflow store and model cache, for a worker in another process."""
    return {
        "DATABASE_URL": database_url_of_tests(),
        "REDIS_URL": broker.url(0),
        "MLFLOW_TRACKING_URI": settings.MLFLOW_TRACKING_URI,
        "MLFLOW_ARTIFACT_ROOT": settings.MLFLOW_ARTIFACT_ROOT,
        "MODEL_CACHE_DIR": settings.MODEL_CACHE_DIR,
    }
