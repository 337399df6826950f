"""The sequential test's horizon look (promotion/evidence.py): the e-value is
w·(running bet) + (1 - w)·F, where F is 0 before the look and 1{Fisher p <= (1 - w)·alpha} /
((1 - w)·alpha) from it on. F is non-decreasing, so E[F at any stopping time] <= E[F at the end]
= P(the look rejects) / ((1 - w)·alpha), which is at most 1 exactly when the look's test has
size at most (1 - w)·alpha. That is checked here exactly, by summing over every outcome, and
end to end by a small A/A simulation looked at every cycle."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from scipy.stats import binom, fisher_exact

from promotion.evidence import (
    _RUNNING_BET_WEIGHT,
    Comparison,
    SequentialEvidence,
    fisher_p_value,
)
from promotion.stats import decide

ALPHA = 0.05


def _look_value(c: Comparison) -> float:
    """F at the look, read off the method's own e-value: a window whose running bet is still
    1 has e-value w + (1 - w)·F."""
    w = _RUNNING_BET_WEIGHT
    evidence = SequentialEvidence(horizon_games=1, alpha=ALPHA).observe(c)
    assert evidence.look_p_value is not None and evidence.blocks == 1
    evidence = replace(evidence, log_e_value=0.0, max_log_e_value=0.0,
                             max_log_e_after_look=0.0)  # fmt: skip
    return (evidence.e_value - w) / (1.0 - w)


def _expected_look_value(m: int, n: int, production_rate: float, b_rate: float) -> float:
    """E[F] with m Production and n B games, summed over every outcome. F is 0 or one value
    on an upper tail of B's wins for each Production count (Fisher's p falls as B wins more,
    checked in the test), so one scan per Production count finds it."""
    production = binom.pmf(np.arange(m + 1), m, production_rate)
    b = binom.pmf(np.arange(n + 1), n, b_rate)
    expected = 0.0
    for production_wins in range(m + 1):
        for b_wins in range(n + 1):
            value = _look_value(Comparison(m, production_wins, n, b_wins))
            if value > 0.0:
                expected += production[production_wins] * b[b_wins:].sum() * value
                break
    return float(expected)


@pytest.mark.parametrize(("m", "n"), [(20, 20), (60, 40), (15, 80), (200, 200)])
@pytest.mark.parametrize("rate", [0.1, 0.35, 0.6, 0.9])
def test_the_looks_e_variable_has_expectation_at_most_one_when_b_is_not_better(
    m: int, n: int, rate: float
) -> None:
    # Fisher's p is non-increasing in B's wins (for fixed Production wins), so the rejecting
    # outcomes are an upper tail; that shortcut is what _rejection_chance relies on.
    for b_wins in range(n):
        assert fisher_p_value(Comparison(m, m // 2, n, b_wins + 1)) <= fisher_p_value(
            Comparison(m, m // 2, n, b_wins)
        )
    # At the boundary (both slots at one rate) and with B worse.
    assert _expected_look_value(m, n, rate, rate) <= 1.0 + 1e-9
    assert _expected_look_value(m, n, rate, rate * 0.8) <= 1.0 + 1e-9


def test_fisher_p_is_scipys_one_sided_fisher_exact_test() -> None:
    for c in (Comparison(460, 253, 470, 305), Comparison(30, 10, 12, 9), Comparison(5, 5, 5, 0)):
        table = [[c.b_wins, c.b_losses], [c.production_wins, c.production_losses]]
        _, expected = fisher_exact(table, alternative="greater")
        assert fisher_p_value(c) == pytest.approx(expected, rel=1e-9)


def _window(rng: np.random.Generator, cycles: int, rate: float, b_rate: float) -> list[Comparison]:
    pg = rng.integers(2, 7, size=cycles)
    bg = rng.integers(2, 7, size=cycles)
    pw = rng.binomial(pg, rate)
    bw = rng.binomial(bg, b_rate)
    columns = [np.cumsum(x).tolist() for x in (pg, pw, bg, bw)]
    return [Comparison(*row) for row in zip(*columns, strict=True)]


def _swaps(window: list[Comparison], horizon: int) -> bool:
    evidence = SequentialEvidence()
    for c in window:
        decision = decide(
            c,
            method="sequential",
            alpha=ALPHA,
            min_games=3,
            history=evidence,
            horizon_games=horizon,
        )
        if decision.swap:
            return True
        assert decision.evidence is not None
        evidence = decision.evidence
    return False


def test_looking_every_cycle_with_a_horizon_look_keeps_false_swaps_below_alpha() -> None:
    # 300 A/A windows of 60 cycles (about 240 games a slot), the look at 120 games a slot in
    # the middle: the false-swap rate must stay within alpha and three Monte Carlo SEs.
    rng = np.random.default_rng(14)
    windows = 300
    false_swaps = sum(_swaps(_window(rng, 60, 0.6, 0.6), horizon=120) for _ in range(windows))
    bound = ALPHA + 3.0 * math.sqrt(ALPHA * (1.0 - ALPHA) / windows)
    assert false_swaps / windows <= bound


def test_the_look_can_swap_alone_and_the_sentence_says_so() -> None:
    # 300 a slot at +15 points: Fisher's p is tiny, the running bet has not reached 1/alpha
    # (w·E alone would need 1/(w·alpha)); the look swaps and the explanation shows it.
    evidence = SequentialEvidence()
    window = [Comparison(150, 75, 150, 90), Comparison(300, 150, 300, 195)]
    for c in window:
        decision = decide(
            c, method="sequential", alpha=ALPHA, min_games=3, history=evidence, horizon_games=300
        )
        assert decision.evidence is not None
        evidence = decision.evidence
    assert evidence.look_p_value is not None and evidence.look_rejects
    assert decision.swap
    assert "one look at 300 games a slot: Fisher p" in decision.reason
    assert decision.reason.endswith("→ swap Production and B")


def test_no_horizon_is_todays_test_exactly() -> None:
    window = [Comparison(4, 1, 5, 4), Comparison(9, 4, 10, 8), Comparison(14, 6, 15, 13)]
    for horizon in (None, 0):
        with_none = decide(
            window[-1], method="sequential", alpha=ALPHA, min_games=3, history=window[:-1],
            horizon_games=horizon,
        )  # fmt: skip
        default = decide(window[-1], method="sequential", alpha=ALPHA, min_games=3,
                         history=window[:-1])  # fmt: skip
        assert with_none == default
        assert "look" not in default.reason


def test_evidence_gathered_with_another_horizon_is_refused() -> None:
    first = decide(
        Comparison(5, 2, 5, 3), method="sequential", alpha=ALPHA, min_games=3, history=(),
        horizon_games=100,
    )  # fmt: skip
    assert first.evidence is not None
    with pytest.raises(ValueError, match="horizon_games"):
        decide(
            Comparison(9, 4, 9, 6), method="sequential", alpha=ALPHA, min_games=3,
            history=first.evidence, horizon_games=200,
        )  # fmt: skip
