from __future__ import annotations

import pytest

from tests.families.data import Dataset, FittedModel
from training.learning.families.base import log_loss


def test_fit_counts_rows_and_time(
    family: str, fitted: dict[str, FittedModel], dataset: Dataset
) -> None:
    info = fitted[family].info
    assert info["n_train"] == len(dataset.X_train)
    assert info["n_val"] == len(dataset.X_val)
    assert info["fit_seconds"] > 0


def test_the_kept_model_is_the_one_with_the_reported_validation_loss(
    family: str, fitted: dict[str, FittedModel], dataset: Dataset
) -> None:
    """Early stopping must restore the best epoch or iteration, not keep the last one."""
    fit = fitted[family]
    achieved = log_loss(fit.model.predict_proba(dataset.X_val), dataset.y_val)
    # The libraries compute their own loss in float32.
    assert achieved == pytest.approx(fit.info["best_val_loss"], rel=1e-4)


def test_the_feedforward_fit_stops_at_or_before_its_epoch_budget(
    fitted: dict[str, FittedModel],
) -> None:
    info = fitted["feedforward"].info
    # Fails when the fit reports a best epoch it never ran, or more epochs than its budget.
    assert 1 <= info["best_epoch"] <= info["epochs"] <= fitted["feedforward"].params["max_epochs"]
