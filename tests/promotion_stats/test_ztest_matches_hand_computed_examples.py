from __future__ import annotations

import pytest

from core.vocabulary import RETAIN, SWAP
from promotion.stats import Comparison, decide, two_proportion_z


def test_the_reviews_swap_is_not_significant() -> None:
    # B 25/30, Production 13/16. Pooled rate 38/46 = 0.82609; standard error
    # sqrt(0.82609 * 0.17391 * (1/30 + 1/16)) = sqrt(0.143667 * 0.0958333) = 0.117338;
    # z = (0.833333 - 0.8125) / 0.117338 = 0.17755; one-sided p = 1 - Phi(0.17755) = 0.42954.
    comparison = Comparison(production_games=16, production_wins=13, b_games=30, b_wins=25)
    z, p = two_proportion_z(comparison)
    assert z == pytest.approx(0.17755, abs=1e-4)
    assert p == pytest.approx(0.42954, abs=1e-4)
    assert decide(comparison, method="ztest", alpha=0.05, min_games=3).decision == RETAIN


def test_a_clear_lead_is_significant() -> None:
    # B 40/50, Production 25/50. Pooled 65/100; standard error sqrt(0.65 * 0.35 * 0.04) =
    # 0.095394; z = 0.3 / 0.095394 = 3.14485; p = 1 - Phi(3.14485) = 0.000831.
    comparison = Comparison(production_games=50, production_wins=25, b_games=50, b_wins=40)
    z, p = two_proportion_z(comparison)
    assert z == pytest.approx(3.14485, abs=1e-4)
    assert p == pytest.approx(0.000831, abs=2e-6)
    assert decide(comparison, method="ztest", alpha=0.05, min_games=3).decision == SWAP


def test_b_behind_gives_a_negative_z_and_a_large_p() -> None:
    # The mirror image of the clear lead: same |z|, p = Phi(-z) complement.
    comparison = Comparison(production_games=50, production_wins=40, b_games=50, b_wins=25)
    z, p = two_proportion_z(comparison)
    assert z == pytest.approx(-3.14485, abs=1e-4)
    assert p == pytest.approx(1 - 0.000831, abs=2e-6)
    assert decide(comparison, method="ztest", alpha=0.05, min_games=3).decision == RETAIN
