"""A private MLflow store for every test here, and versions whose predictions are known, so that
/metrics can be compared with the database after real games, scoring and promotion cycles."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.registry.conftest import (  # noqa: F401  (fixtures, used by name)
    empty_mlflow_db,
    mlflow_store,
)
from tests.training_tasks.conftest import always  # noqa: F401  (fixture, used by name)


@pytest.fixture(autouse=True)
def _private_store(mlflow_store: Path) -> None:  # noqa: F811 (the fixture)
    """No test here may reach the developer's MLflow store or model cache under var/."""
