from __future__ import annotations

import numpy as np
import pytest

from tests.families.data import Dataset, small_params
from training.learning.families import family_class


def fit(family: str, X_train, y_train, X_val, y_val) -> None:  # type: ignore[no-untyped-def]
    family_class(family)().fit(X_train, y_train, X_val, y_val, params=small_params(family), seed=0)


def test_labels_outside_the_three_moves_are_refused(family: str, dataset: Dataset) -> None:
    y = dataset.y_train.copy()
    y[0] = 3
    with pytest.raises(ValueError, match="labels"):
        fit(family, dataset.X_train, y, dataset.X_val, dataset.y_val)


def test_training_labels_must_contain_every_move(family: str, dataset: Dataset) -> None:
    y = np.where(dataset.y_train == 2, 1, dataset.y_train)
    with pytest.raises(ValueError, match="all three moves"):
        fit(family, dataset.X_train, y, dataset.X_val, dataset.y_val)


def test_rows_that_do_not_have_fifty_features_are_refused(family: str, dataset: Dataset) -> None:
    with pytest.raises(ValueError, match="50"):
        fit(family, dataset.X_train[:, :49], dataset.y_train, dataset.X_val, dataset.y_val)


def test_labels_that_do_not_match_the_rows_are_refused(family: str, dataset: Dataset) -> None:
    with pytest.raises(ValueError, match="labels"):
        fit(family, dataset.X_train, dataset.y_train[:-1], dataset.X_val, dataset.y_val)


def test_an_empty_validation_set_is_refused(family: str, dataset: Dataset) -> None:
    with pytest.raises(ValueError, match="validation"):
        fit(family, dataset.X_train, dataset.y_train, dataset.X_val[:0], dataset.y_val[:0])


def test_missing_values_are_refused(family: str, dataset: Dataset) -> None:
    X = dataset.X_train.copy()
    X[3, 7] = np.nan
    with pytest.raises(ValueError, match="finite"):
        fit(family, X, dataset.y_train, dataset.X_val, dataset.y_val)
