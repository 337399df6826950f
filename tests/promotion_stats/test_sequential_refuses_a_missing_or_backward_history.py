from __future__ import annotations

import pytest

from promotion.stats import Comparison, decide

CURRENT = Comparison(production_games=10, production_wins=5, b_games=10, b_wins=8)


def test_sequential_without_history_is_refused_rather_than_silently_powerless() -> None:
    with pytest.raises(ValueError, match="history"):
        decide(CURRENT, method="sequential", alpha=0.05, min_games=3)


@pytest.mark.parametrize(
    "earlier",
    [
        Comparison(production_games=12, production_wins=5, b_games=10, b_wins=8),  # more games
        Comparison(production_games=10, production_wins=6, b_games=10, b_wins=8),  # more wins
        Comparison(production_games=9, production_wins=5, b_games=8, b_wins=2),  # more B losses
    ],
)
def test_a_history_from_another_window_is_refused(earlier: Comparison) -> None:
    with pytest.raises(ValueError, match="went backwards"):
        decide(CURRENT, method="sequential", alpha=0.05, min_games=3, history=[earlier])


def test_the_other_methods_ignore_the_history() -> None:
    unrelated = [Comparison(production_games=99, production_wins=0, b_games=99, b_wins=99)]
    for method in ("point", "ztest"):
        plain = decide(CURRENT, method=method, alpha=0.05, min_games=3)
        given = decide(CURRENT, method=method, alpha=0.05, min_games=3, history=unrelated)
        assert plain == given
        assert plain.evidence is None and plain.test.always_valid_p_value is None
