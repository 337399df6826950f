from __future__ import annotations

import math

import numpy as np
import pytest

from games.engine.features import FEATURE_COUNT
from tests.families.data import Dataset, FittedModel
from training.learning.families import NotFittedError, family_class
from training.learning.families.base import log_loss


def test_probabilities_have_three_columns_that_sum_to_one(
    family: str, fitted: dict[str, FittedModel], dataset: Dataset
) -> None:
    probabilities = fitted[family].model.predict_proba(dataset.X_test)
    assert probabilities.shape == (len(dataset.X_test), 3)
    assert probabilities.dtype == np.float64
    assert np.all(probabilities >= 0.0)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=0, atol=1e-12)


def test_a_fitted_model_clearly_beats_chance_on_held_out_rows(
    family: str, fitted: dict[str, FittedModel], dataset: Dataset
) -> None:
    probabilities = fitted[family].model.predict_proba(dataset.X_test)
    accuracy = float(np.mean(probabilities.argmax(axis=1) == dataset.y_test))
    majority = np.bincount(dataset.y_test, minlength=3).max() / len(dataset.y_test)
    assert accuracy > majority + 0.3
    assert log_loss(probabilities, dataset.y_test) < math.log(3) - 0.3


def test_a_single_row_gets_one_distribution(
    family: str, fitted: dict[str, FittedModel], dataset: Dataset
) -> None:
    model = fitted[family].model
    one = model.predict_proba(dataset.X_test[:1])
    assert one.shape == (1, 3)
    np.testing.assert_allclose(one[0], model.predict_proba(dataset.X_test[:5])[0], atol=1e-6)


def test_predicting_before_fitting_is_refused(family: str, dataset: Dataset) -> None:
    with pytest.raises(NotFittedError):
        family_class(family)().predict_proba(dataset.X_test)


def test_rows_of_the_wrong_width_are_refused(family: str, fitted: dict[str, FittedModel]) -> None:
    with pytest.raises(ValueError, match=str(FEATURE_COUNT)):
        fitted[family].model.predict_proba(np.zeros((2, FEATURE_COUNT - 1)))
