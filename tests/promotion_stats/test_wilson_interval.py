from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from promotion.stats import wilson_interval
from tests.promotion_stats.strategies import records


def test_eight_of_ten_matches_the_textbook_interval() -> None:
    # Wilson 95%: centre (0.8 + 1.96^2/20) / (1 + 1.96^2/10) = 0.71674, half-width
    # 1.96 / 1.38415 * sqrt(0.016 + 1.96^2/400) = 0.22658.
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-4)
    assert high == pytest.approx(0.9433, abs=1e-4)


def test_no_games_says_nothing_is_known() -> None:
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_impossible_counts_and_confidences_are_refused() -> None:
    with pytest.raises(ValueError):
        wilson_interval(3, 2)
    with pytest.raises(ValueError):
        wilson_interval(1, 2, confidence=1.0)


@settings(max_examples=300, deadline=None)
@given(record=records(max_games=500), confidence=st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_the_interval_holds_the_observed_rate_and_stays_in_zero_one(
    record: tuple[int, int], confidence: float
) -> None:
    games, wins = record
    low, high = wilson_interval(wins, games, confidence)
    assert 0.0 <= low <= high <= 1.0
    if games:
        assert low <= wins / games <= high
        narrower_low, narrower_high = wilson_interval(wins, games, confidence / 2)
        assert low <= narrower_low and narrower_high <= high
