from __future__ import annotations

import pytest

from tests.families.data import Dataset, FittedModel, fit_small, learnable_dataset
from training.learning.families import FAMILIES


@pytest.fixture(autouse=True)
def _fast_throttles() -> None:
    """The model families import no Django: these tests must not reach for Django's settings,
    so the project-wide throttle fixture is overridden with nothing for this directory."""


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return learnable_dataset(seed=3)


@pytest.fixture(scope="session")
def fitted(dataset: Dataset) -> dict[str, FittedModel]:
    """One small fit per family, shared: fitting is the slow part of these tests."""
    return {name: fit_small(name, dataset, seed=11) for name in FAMILIES}


@pytest.fixture(params=sorted(FAMILIES))
def family(request: pytest.FixtureRequest) -> str:
    return str(request.param)
