"""The lemma behind the sequential method's guarantee, checked exactly: for any block of new
games, whatever rates the earlier games suggest, the block's factor has expectation at most 1
when B's true rate is not above Production's. A product of such factors is a supermartingale,
so by Ville's inequality it reaches 1/alpha with probability at most alpha, however often it is
looked at."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from promotion.stats import Comparison, SequentialEvidence
from tests.promotion_stats.strategies import records

rates = st.integers(min_value=0, max_value=20).map(lambda k: k / 20)


def _binomial(games: int, wins: int, rate: float) -> float:
    return math.comb(games, wins) * rate**wins * (1.0 - rate) ** (games - wins)


def _expected_factor(
    before: Comparison, production_games: int, b_games: int, production_rate: float, b_rate: float
) -> float:
    evidence = SequentialEvidence(block_start=before, last=before)
    total = 0.0
    for production_wins in range(production_games + 1):
        for b_wins in range(b_games + 1):
            after = Comparison(
                before.production_games + production_games,
                before.production_wins + production_wins,
                before.b_games + b_games,
                before.b_wins + b_wins,
            )
            factor = evidence.observe(after).e_value
            total += (
                _binomial(production_games, production_wins, production_rate)
                * _binomial(b_games, b_wins, b_rate)
                * factor
            )
    return total


@settings(max_examples=300, deadline=None)
@given(
    production_before=records(max_games=30),
    b_before=records(max_games=30),
    production_games=st.integers(min_value=1, max_value=8),
    b_games=st.integers(min_value=1, max_value=8),
    production_rate=rates,
    b_rate=rates,
)
def test_a_blocks_factor_has_expectation_at_most_one_when_b_is_not_better(
    production_before: tuple[int, int],
    b_before: tuple[int, int],
    production_games: int,
    b_games: int,
    production_rate: float,
    b_rate: float,
) -> None:
    if b_rate > production_rate:
        production_rate, b_rate = b_rate, production_rate
    before = Comparison(*production_before, *b_before)
    expected = _expected_factor(before, production_games, b_games, production_rate, b_rate)
    assert expected <= 1.0 + 1e-9


def test_the_bound_is_tight_at_the_common_rate_the_bet_is_hedged_against() -> None:
    # Earlier games 1/4 and 3/4 give betting rates a = 1/3 and b = 2/3; with three new games
    # per slot the hedge is the common rate 1/2, where the expectation is exactly 1.
    before = Comparison(production_games=4, production_wins=1, b_games=4, b_wins=3)
    assert _expected_factor(before, 3, 3, 0.5, 0.5) == pytest.approx(1.0, abs=1e-12)
    assert _expected_factor(before, 3, 3, 0.3, 0.3) < 1.0
    # And when B really is better, the bet pays on average.
    assert _expected_factor(before, 3, 3, 0.3, 0.7) > 1.0
