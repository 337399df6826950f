from __future__ import annotations

import pytest

from core.vocabulary import RETAIN
from promotion.stats import Comparison, decide, two_proportion_z


@pytest.mark.parametrize(
    "comparison",
    [
        Comparison(production_games=0, production_wins=0, b_games=5, b_wins=3),
        Comparison(production_games=5, production_wins=3, b_games=0, b_wins=0),
        Comparison(production_games=4, production_wins=4, b_games=6, b_wins=6),
        Comparison(production_games=4, production_wins=0, b_games=6, b_wins=0),
    ],
)
def test_no_games_or_a_pooled_rate_of_zero_or_one_gives_no_z(comparison: Comparison) -> None:
    assert two_proportion_z(comparison) == (None, None)


def test_the_ztest_keeps_production_when_z_is_undefined_and_says_why() -> None:
    comparison = Comparison(production_games=4, production_wins=4, b_games=6, b_wins=6)
    decision = decide(comparison, method="ztest", alpha=0.05, min_games=3)
    assert decision.decision == RETAIN
    assert decision.test.z_statistic is None and decision.test.p_value is None
    assert "undefined" in decision.reason
