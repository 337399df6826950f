from __future__ import annotations

import torch

from tests.families.data import Dataset, fit_small, small_params


def test_threads_determinism_and_the_global_random_state_are_restored(dataset: Dataset) -> None:
    before = torch.get_num_threads()
    # A thread count the fit itself will not use, so that restoring it is visible.
    outside = small_params("feedforward")["num_threads"] + 1
    torch.set_num_threads(outside)
    try:
        deterministic = torch.are_deterministic_algorithms_enabled()
        rng_state = torch.get_rng_state()
        fit_small("feedforward", dataset, seed=5)
        assert torch.get_num_threads() == outside
        assert torch.are_deterministic_algorithms_enabled() == deterministic
        assert torch.equal(torch.get_rng_state(), rng_state)
    finally:
        torch.set_num_threads(before)
