from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from core.vocabulary import SWAP
from promotion.stats import Comparison, decide
from tests.promotion_stats.strategies import alphas, records

# Every (games, wins) one slot can add in a cycle of at most three games.
_SMALL_CYCLES = [(games, wins) for games in range(4) for wins in range(games + 1)]


def test_no_two_cycle_window_of_at_most_three_games_per_slot_per_cycle_swaps() -> None:
    # The best case for B, 0/3 against 3/3 twice, reaches an e-value of 1.08**6 x 1.184**6
    # = 4.4 < 20 (a first bet on the 8-point design difference, then on a lower bound).
    for (pg1, pw1), (bg1, bw1), (pg2, pw2), (bg2, bw2) in itertools.product(
        _SMALL_CYCLES, repeat=4
    ):
        first = Comparison(pg1, pw1, bg1, bw1)
        second = Comparison(pg1 + pg2, pw1 + pw2, bg1 + bg2, bw1 + bw2)
        decision = decide(second, method="sequential", alpha=0.05, min_games=1, history=[first])
        assert decision.decision != SWAP, (first, second)


@settings(max_examples=200, deadline=None)
@given(
    cycles=st.lists(records(max_games=8), min_size=1, max_size=40),
    alpha=alphas,
)
def test_identical_records_in_both_slots_never_swap_however_long_the_window(
    cycles: list[tuple[int, int]], alpha: float
) -> None:
    games = wins = 0
    history: list[Comparison] = []
    for new_games, new_wins in cycles:
        games, wins = games + new_games, wins + new_wins
        current = Comparison(games, wins, games, wins)
        decision = decide(current, method="sequential", alpha=alpha, min_games=1, history=history)
        assert decision.decision != SWAP
        # The bets straddle the pooled rate, so equal records in equal blocks always lose a
        # little: the e-value never rises above its start.
        assert decision.test.e_value is not None and decision.test.e_value <= 1.0
        assert decision.test.always_valid_p_value == 1.0
        history.append(current)
