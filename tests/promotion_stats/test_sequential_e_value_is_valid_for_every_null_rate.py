"""The lemma behind the sequential method's guarantee, checked exactly: for any block of new
games, whatever bet the earlier games suggest, the block's factor has expectation at most 1
when B's true rate is not above Production's. A product of such factors is a supermartingale,
so by Ville's inequality it reaches 1/alpha with probability at most alpha, however often it is
looked at.

Checked twice: for the bets the method really places (through ``SequentialEvidence.observe``,
after random earlier games, landslides included), and for the likelihood-ratio factor itself
with *any* betting rates ``a < b``, which is what makes every predictable choice of bet valid."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from promotion.evidence import Comparison, SequentialEvidence, block_log_factor
from tests.promotion_stats.strategies import records

rates = st.integers(min_value=0, max_value=20).map(lambda k: k / 20)


def _binomial(games: int, wins: int, rate: float) -> float:
    return math.comb(games, wins) * rate**wins * (1.0 - rate) ** (games - wins)


def _expected_factor(
    before: Comparison, production_games: int, b_games: int, production_rate: float, b_rate: float
) -> float:
    """E[block factor] of the method's own bet, by summing over every outcome of the block."""
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


def _expected_likelihood_ratio(
    a: float, b: float, production_games: int, b_games: int, production_rate: float, b_rate: float
) -> float:
    """E[block_log_factor(a, b, ·) exponentiated], summed over every outcome of the block."""
    total = 0.0
    for production_wins in range(production_games + 1):
        for b_wins in range(b_games + 1):
            block = Comparison(production_games, production_wins, b_games, b_wins)
            total += (
                _binomial(production_games, production_wins, production_rate)
                * _binomial(b_games, b_wins, b_rate)
                * math.exp(block_log_factor(a, b, block))
            )
    return total


betting_rates = st.integers(min_value=1, max_value=39).map(lambda k: k / 40)


@settings(max_examples=300, deadline=None)
@given(
    a=betting_rates,
    b=betting_rates,
    production_games=st.integers(min_value=1, max_value=8),
    b_games=st.integers(min_value=1, max_value=8),
    production_rate=rates,
    b_rate=rates,
)
def test_any_betting_rates_with_b_above_a_give_a_factor_of_expectation_at_most_one(
    a: float,
    b: float,
    production_games: int,
    b_games: int,
    production_rate: float,
    b_rate: float,
) -> None:
    if a == b:
        return
    a, b = min(a, b), max(a, b)
    if b_rate > production_rate:
        production_rate, b_rate = b_rate, production_rate
    expected = _expected_likelihood_ratio(a, b, production_games, b_games, production_rate, b_rate)
    assert expected <= 1.0 + 1e-9


@pytest.mark.parametrize(
    ("production_before", "b_before"),
    [
        ((30, 0), (30, 30)),
        ((40, 2), (5, 5)),
        ((3, 0), (40, 39)),
        ((12, 1), (12, 11)),
        # B far behind after many games: the observed difference outweighs the prior, and the
        # method must not bet at all (a bet on B losing is not covered by the lemma).
        ((200, 180), (200, 40)),
        ((400, 300), (100, 10)),
    ],
)
@pytest.mark.parametrize(("production_games", "b_games"), [(1, 8), (8, 1), (6, 6), (8, 2)])
def test_landslides_either_way_are_still_valid(
    production_before: tuple[int, int],
    b_before: tuple[int, int],
    production_games: int,
    b_games: int,
) -> None:
    # After a landslide for B the bet is at its largest (a lower confidence bound, capped so that
    # both rates stay inside (0, 1)): the riskiest bets the method places. After one against B
    # there must be no bet. Checked at every null rate.
    before = Comparison(*production_before, *b_before)
    for k in range(21):
        for j in range(k + 1):
            expected = _expected_factor(before, production_games, b_games, k / 20, j / 20)
            assert expected <= 1.0 + 1e-9, (k / 20, j / 20)


def test_the_bound_is_tight_at_the_common_rate_the_bet_is_hedged_against() -> None:
    # Earlier games 1/4 and 3/4 pool to the rate 1/2, the rate the bets straddle; with three
    # new games per slot that is the hedge p0, where the expectation is exactly 1.
    before = Comparison(production_games=4, production_wins=1, b_games=4, b_wins=3)
    assert _expected_factor(before, 3, 3, 0.5, 0.5) == pytest.approx(1.0, abs=1e-12)
    assert _expected_factor(before, 3, 3, 0.3, 0.3) < 1.0
    # And when B really is better, the bet pays on average.
    assert _expected_factor(before, 3, 3, 0.3, 0.7) > 1.0
