"""Hypothesis strategies for the promotion statistics' property tests."""

from __future__ import annotations

from hypothesis import strategies as st

from core.vocabulary import METHODS
from promotion.stats import Comparison


@st.composite
def records(draw: st.DrawFn, max_games: int = 60) -> tuple[int, int]:
    games = draw(st.integers(min_value=0, max_value=max_games))
    return games, draw(st.integers(min_value=0, max_value=games))


@st.composite
def comparisons(draw: st.DrawFn, max_games: int = 60) -> Comparison:
    production_games, production_wins = draw(records(max_games))
    b_games, b_wins = draw(records(max_games))
    return Comparison(production_games, production_wins, b_games, b_wins)


@st.composite
def windows(draw: st.DrawFn, max_cycles: int = 12, max_new_games: int = 6) -> list[Comparison]:
    """The cumulative since-swap counts at successive cycles of one window, oldest first."""
    cycles = draw(st.integers(min_value=1, max_value=max_cycles))
    current = Comparison(0, 0, 0, 0)
    path = []
    for _ in range(cycles):
        new_production, new_production_wins = draw(records(max_new_games))
        new_b, new_b_wins = draw(records(max_new_games))
        current = Comparison(
            current.production_games + new_production,
            current.production_wins + new_production_wins,
            current.b_games + new_b,
            current.b_wins + new_b_wins,
        )
        path.append(current)
    return path


methods = st.sampled_from(METHODS)
alphas = st.sampled_from([0.01, 0.05, 0.1, 0.2])
min_games = st.integers(min_value=0, max_value=10)
