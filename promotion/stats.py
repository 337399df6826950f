"""The statistics of the promotion decision: is the B slot's bot winning more often than
Production's since the last Production/B swap? Pure functions, no Django, no I/O.

Three methods (SPEC "Promotion", step 3):

- ``point``: the original system's rule, swap when B's since-swap win rate is strictly higher.
- ``ztest``: one-sided two-proportion z-test (pooled standard error), swap when p < alpha.
- ``sequential``: an e-process (``promotion.evidence``), so that looking at it every cycle does
  not inflate the false-swap rate; swap when the always-valid p-value drops below alpha (or an
  optional look at a horizon rejects).

The e-process needs the since-swap counts at every earlier cycle since the swap, not only the
current ones (which games arrived together matters, not their order inside a cycle): pass
them as ``history``, or pass the ``SequentialEvidence`` of the previous cycle's ``Decision``.
docs/benchmarks-promotion.md holds the derivation and the calibration run.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import cast

from core.vocabulary import (
    INSUFFICIENT,
    METHODS,
    POINT,
    PRODUCTION,
    RETAIN,
    SEQUENTIAL,
    SWAP,
    ZTEST,
    B,
    DecisionValue,
    Method,
)
from promotion.evidence import Comparison, SequentialEvidence, sequential_evidence

_VERDICTS: dict[DecisionValue, str] = {
    SWAP: "swap Production and B",
    RETAIN: "keep Production",
    INSUFFICIENT: "not enough data yet",
}


@dataclass(frozen=True, slots=True)
class TestResult:
    """What the test says about one Comparison; z and p are recorded whatever the method."""

    __test__ = False  # a result, not a pytest test class

    method: Method
    b_better: bool  # true exactly when the decision is a swap
    z_statistic: float | None
    p_value: float | None  # one-sided, for B's rate > Production's
    always_valid_p_value: float | None  # sequential only
    alpha: float
    explanation: str
    e_value: float | None = None  # sequential only: the e-process's current value


@dataclass(frozen=True, slots=True)
class Decision:
    decision: DecisionValue
    comparison: Comparison
    test: TestResult
    # sequential only: pass it as ``history`` to the next cycle of the same window
    evidence: SequentialEvidence | None = None

    @property
    def swap(self) -> bool:
        return self.decision == SWAP

    @property
    def reason(self) -> str:
        return self.test.explanation


def two_proportion_z(comparison: Comparison) -> tuple[float | None, float | None]:
    """Pooled two-proportion z for B's rate minus Production's, and its one-sided p-value
    (B higher); (None, None) when a slot has no games or every game ended the same way."""
    c = comparison
    if c.production_games == 0 or c.b_games == 0:
        return None, None
    pooled = (c.production_wins + c.b_wins) / c.total_games
    if pooled in (0.0, 1.0):
        return None, None
    variance = pooled * (1.0 - pooled) * (1.0 / c.production_games + 1.0 / c.b_games)
    z = (c.b_wins / c.b_games - c.production_wins / c.production_games) / math.sqrt(variance)
    return z, 0.5 * math.erfc(z / math.sqrt(2.0))


def wilson_interval(wins: int, games: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a win rate; (0, 1) when there are no games."""
    if not 0 <= wins <= games:
        raise ValueError(f"need 0 <= wins <= games, got {wins} of {games}")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be in (0, 1), got {confidence}")
    if games == 0:
        return 0.0, 1.0
    z = NormalDist().inv_cdf(0.5 + confidence / 2.0)
    rate = wins / games
    shrink = 1.0 + z * z / games
    centre = (rate + z * z / (2 * games)) / shrink
    half = z / shrink * math.sqrt(rate * (1.0 - rate) / games + z * z / (4 * games * games))
    # No wins (all wins) puts the bound exactly at 0 (1); float dust must not move it inside.
    low = 0.0 if wins == 0 else centre - half
    high = 1.0 if wins == games else centre + half
    return low, high


def decide(
    comparison: Comparison,
    *,
    method: str,
    alpha: float,
    min_games: int,
    history: Sequence[Comparison] | SequentialEvidence | None = None,
    horizon_games: int | None = None,
) -> Decision:
    """The promotion decision for since-swap counts.

    Fewer than ``min_games`` (and at least one) since-swap games in either slot is
    ``insufficient_data``; otherwise the method says swap or retain. ``history`` is needed by
    ``sequential`` only: the since-swap Comparisons of the earlier cycles of this window, oldest
    first (``()`` at the first cycle after a swap; repeating the current one is harmless), or
    the previous cycle's ``Decision.evidence``. ``horizon_games`` (``sequential`` only) mixes
    in one look at the first cycle where both slots have that many games (None or 0: no look);
    previous evidence must have been gathered with the same horizon.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {', '.join(METHODS)}")
    checked_method = cast(Method, method)
    if not 0.0 < alpha <= 0.5:
        raise ValueError(f"alpha must be in (0, 0.5], got {alpha}")
    if min_games < 0:
        raise ValueError(f"min_games must be >= 0, got {min_games}")
    if horizon_games is not None and horizon_games < 0:
        raise ValueError(f"horizon_games must be >= 0 or None, got {horizon_games}")
    horizon = horizon_games or None  # 0 is "no look", as the setting says

    z, p = two_proportion_z(comparison)
    evidence: SequentialEvidence | None = None
    if method == SEQUENTIAL:
        if history is None:
            raise ValueError(
                "the sequential method needs the since-swap history: pass () at the first "
                "cycle after a swap, then the earlier cycles' counts or Decision.evidence"
            )
        if isinstance(history, SequentialEvidence):
            start = history.configured(alpha=alpha, horizon_games=horizon)
        else:
            start = sequential_evidence(history, horizon_games=horizon, alpha=alpha)
        evidence = start.observe(comparison)

    needed = max(min_games, 1)
    short = [
        (slot, games)
        for slot, games in ((PRODUCTION, comparison.production_games), (B, comparison.b_games))
        if games < needed
    ]
    if short:
        decision: DecisionValue = INSUFFICIENT
    elif method == POINT:
        decision = SWAP if _b_rate_is_higher(comparison) else RETAIN
    elif method == ZTEST:
        decision = SWAP if p is not None and p < alpha else RETAIN
    else:
        assert evidence is not None
        decision = SWAP if evidence.rejects else RETAIN

    explanation = _explain(
        comparison, checked_method, alpha, decision, z, p, evidence, short, needed
    )
    test = TestResult(
        method=checked_method,
        b_better=decision == SWAP,
        z_statistic=z,
        p_value=p,
        always_valid_p_value=evidence.always_valid_p_value if evidence else None,
        alpha=alpha,
        explanation=explanation,
        e_value=evidence.e_value if evidence else None,
    )
    return Decision(decision=decision, comparison=comparison, test=test, evidence=evidence)


def _b_rate_is_higher(c: Comparison) -> bool:
    # Cross-multiplied, so equal rates (3/4 against 6/8) compare equal without float error.
    return c.b_wins * c.production_games > c.production_wins * c.b_games


def _explain(
    c: Comparison,
    method: Method,
    alpha: float,
    decision: DecisionValue,
    z: float | None,
    p: float | None,
    evidence: SequentialEvidence | None,
    short: list[tuple[str, int]],
    needed: int,
) -> str:
    counts = (
        f"B won {_record(c.b_wins, c.b_games)} against "
        f"Production's {_record(c.production_wins, c.production_games, games_word=False)}"
    )
    verdict = _VERDICTS[decision]
    z_and_p = "z and p undefined" if z is None or p is None else f"z = {z:.2f}, p {_fmt_p(p)}"
    if short:
        who = " and ".join(
            f"{slot} has {games} game{'' if games == 1 else 's'}" for slot, games in short
        )
        return f"{counts}; {who} since the swap, fewer than the {needed} needed → {verdict}"
    if method == POINT:
        higher = "higher" if decision == SWAP else "not higher"
        return f"{counts}; B's rate is {higher} → {verdict} (point rule; {z_and_p})"
    if method == ZTEST:
        if z is None or p is None:
            return f"{counts}; {z_and_p} (every game ended the same way) → {verdict}"
        test = f"z = {z:.2f}, p {_fmt_p(p, alpha)} {_relation(p, alpha)} {alpha:g}"
        return f"{counts}; {test} → {verdict}"
    assert evidence is not None
    avp = evidence.always_valid_p_value
    # A rejecting look puts the p-value at alpha, or a float's width from it: "≤" is the truth.
    relation = "≤" if evidence.look_rejects and avp >= alpha else _relation(avp, alpha)
    look = ""
    look_alpha = evidence.look_alpha
    if evidence.horizon_games is not None and look_alpha is not None:
        at = f"one look at {evidence.horizon_games} games a slot"
        look_p = evidence.look_p_value
        if look_p is None:
            look = f"; running bet {evidence.running_e_value:.3g}, {at} to come"
        else:
            sign = "≤" if evidence.look_rejects else ">"
            look = (
                f"; running bet {evidence.running_e_value:.3g}, {at}: Fisher p "
                f"{_fmt_p(look_p)} {sign} {look_alpha:.3g}"
            )
    return (
        f"{counts}; always-valid p {_fmt_p(avp, alpha)} {relation} {alpha:g} "
        f"(e-value {evidence.e_value:.3g}, highest since the swap {evidence.max_e_value:.3g}"
        f"{look}; {z_and_p}) → {verdict}"
    )


def _record(wins: int, games: int, *, games_word: bool = True) -> str:
    noun = (" game" if games == 1 else " games") if games_word else ""
    share = f" ({100.0 * wins / games:.0f}%)" if games else ""
    return f"{wins} of {games}{noun}{share}"


def _fmt_p(p: float, alpha: float | None = None) -> str:
    if p < 1e-4:
        return "< 0.0001"
    shown = f"{p:.2f}" if p >= 0.01 else f"{p:.2g}"
    if alpha is not None and (float(shown) < alpha) != (p < alpha):
        # Two digits would print "p = 0.05 < 0.05"; show enough to make the comparison true.
        shown = f"{p:.4g}"
    return f"= {shown}"


def _relation(p: float, alpha: float) -> str:
    return "<" if p < alpha else "≥"
