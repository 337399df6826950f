"""The sample-ratio check: a split far off the configured share is caught, a split as
configured is left alone however many cycles look at it, and the share it checks against is
the configured one, whatever it is."""

from __future__ import annotations

import numpy as np
import pytest

from promotion.srm import srm_check


def test_an_80_20_split_under_a_50_50_setting_is_caught() -> None:
    check = srm_check(production_games=160, b_games=40, b_share=0.5, alpha=0.001)

    assert check.mismatch
    assert check.observed_b_share == pytest.approx(0.2)
    assert "20.0% of 200" in check.explanation and "50.0%" in check.explanation
    assert check.always_valid_p_value <= 0.001


def test_a_50_50_split_under_a_50_50_setting_is_not() -> None:
    check = srm_check(production_games=1_010, b_games=990, b_share=0.5, alpha=0.001)

    assert not check.mismatch
    assert "consistent" in check.explanation


def test_it_checks_against_the_configured_share_not_an_even_one() -> None:
    as_configured = srm_check(production_games=800, b_games=200, b_share=0.2, alpha=0.001)
    even = srm_check(production_games=500, b_games=500, b_share=0.2, alpha=0.001)

    assert not as_configured.mismatch
    assert even.mismatch


def test_no_games_is_no_evidence() -> None:
    check = srm_check(production_games=0, b_games=0, b_share=0.5, alpha=0.001)

    assert check.e_value == pytest.approx(1.0)
    assert check.observed_b_share is None
    assert not check.mismatch
    assert check.explanation.startswith("B played 0 of 0 games")


@pytest.mark.parametrize("share", [0.5, 0.2])
def test_looking_every_cycle_keeps_false_alarms_below_alpha(share: float) -> None:
    """Splits drawn at the configured share, looked at after every cycle of 20 games for 60
    cycles: a fixed-sample test looked at this often would raise far more than alpha."""
    rng = np.random.default_rng(2026)
    alpha, windows, looks, per_cycle = 0.05, 400, 60, 20
    b_games = rng.binomial(per_cycle, share, size=(windows, looks)).cumsum(axis=1)
    games = per_cycle * np.arange(1, looks + 1)
    alarms = sum(
        any(
            srm_check(
                production_games=int(n - b), b_games=int(b), b_share=share, alpha=alpha
            ).mismatch
            for b, n in zip(row, games, strict=True)
        )
        for row in b_games
    )

    assert alarms / windows <= alpha


@pytest.mark.parametrize(
    ("production_games", "b_games", "b_share", "alpha"),
    [(-1, 0, 0.5, 0.01), (0, 0, 0.0, 0.01), (0, 0, 1.0, 0.01), (0, 0, 0.5, 0.0)],
)
def test_it_refuses_what_is_not_a_split_or_a_share(production_games, b_games, b_share, alpha):
    with pytest.raises(ValueError):
        srm_check(production_games=production_games, b_games=b_games, b_share=b_share, alpha=alpha)
