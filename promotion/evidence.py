"""The sequential test's evidence: an e-process over the cycles of one since-swap window.
Pure, no Django, no I/O; ``promotion.stats.decide`` reads it.

Each cycle's new games form a *block* (a block closes once both slots have new games). For a
block with ``m`` Production and ``n`` B games, two betting rates ``a < b`` are chosen from the
games *before* the block, and the block's factor is the likelihood ratio of its outcomes under
``(a, b)`` against both slots at the common rate ``p0 = (m·a + n·b) / (m + n)``. Its expectation
is at most 1 whenever B's games win no more often than Production's, whatever the rates and
*whatever* ``a < b`` were chosen (the 2x2 "safe test" construction of Turner, Ly and Grünwald,
generalised to unequal blocks: ``log E`` is concave in the common rate, with maximum 0 at
``p0``, and increasing in B's rate because ``b > p0``). The product of the factors is therefore
a non-negative supermartingale under the null, and Ville's inequality bounds the chance that it
*ever* reaches ``1/alpha`` by ``alpha``, for any number of looks and from the first game on. The
always-valid p-value is ``min(1, 1 / the largest e-value so far)``.

The choice of ``(a, b)`` only decides how fast the e-value grows when B is better. They
straddle the pooled rate ``p`` of the games so far, ``a = p - d·n/(m+n)``,
``b = p + d·m/(m+n)`` (so ``p0 = p``), and bet on a difference ``d`` that starts at a design
difference of 8 points and moves to the observed difference as games accrue (a prior worth
1,000 games a slot; a landslide is bet on at its lower confidence bound). No bet when
``d ≤ 0``. Until 2026-12-07 ``a`` and ``b`` were each slot's own Laplace estimate, which aims
the bets at noise for hundreds of games: 0.62 power within 500 games a slot at +10 points
against 0.82 for the running bet alone (the benchmark, docs/benchmarks-promotion.md).

**One look at a horizon** (``horizon_games``, opt-in: ``PROMOTION_HORIZON_GAMES`` is 0 by
default; None: the running bet alone). The e-value is
``w·(running bet) + (1 - w)·F``: ``F`` is 0 until the first cycle at which both slots have at
least ``horizon_games`` since-swap games (a time fixed by the game counts, never by who won),
and from then on ``1{p ≤ (1 - w)·alpha} / ((1 - w)·alpha)`` for the one-sided Fisher's exact
p of the counts at that cycle. A rejecting look alone therefore brings the e-value to
``1/alpha``. ``F`` never decreases, so at any stopping time ``E[F] ≤ P(the look rejects) /
((1 - w)·alpha) ≤ 1`` when Fisher's test has size at most ``(1 - w)·alpha``, which it has when
B is not better (an exact test: given the total wins its size is at most its level at any
common rate, and smaller when B's rate is lower; tested by summing over every outcome). The
mixture is thus an e-process, and it reaches ``1/alpha`` only if the running bet reaches
``1/(w·alpha)`` (chance at most ``w·alpha``, by Ville) or the look rejects (at most
``(1 - w)·alpha``): at most ``alpha`` in all, however often it is looked at. ``F`` must be 0,
not 1, before the look: with 1, stopping just before the look when the games so far look bad
would make ``E[F] > 1``. The look buys power at the horizon (0.90 within 500 games a slot
at +10 points, look at 460) and costs speed before and after it (the running bet must reach
``1/(w·alpha)``); w is ``_RUNNING_BET_WEIGHT``.

The e-process needs the since-swap counts at every earlier cycle since the swap, not only the
current ones (which games arrived together matters, not their order inside a cycle): pass
them as ``history``, or pass the ``SequentialEvidence`` of the previous cycle's ``Decision``.
docs/benchmarks-promotion.md holds the derivation and the calibration run.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from scipy.stats import hypergeom

from core.vocabulary import PRODUCTION, B

# Laplace's rule for the pooled rate the bets are centred on: (wins + 1) / (games + 2).
_PSEUDO_WINS = 1.0
# The bets aim at B winning 8 points more often than Production until the games say otherwise:
# a design difference a little below the 10 points the issue asks to detect, because the growth
# of the e-value falls off faster when the bet overshoots the true difference than when it
# undershoots it in these block sizes (scratch simulations, docs/benchmarks-promotion.md).
_DESIGN_DIFFERENCE = 0.08
# How much the design difference weighs against the observed one, in units of the information
# production_games·b_games / (production_games + b_games): 500 is 1,000 games a slot at an even
# split. Weaker priors (100, 250) were a few points less powerful at +10 in the same simulations.
_PRIOR_INFORMATION = 500.0
# A lower confidence bound (2 standard errors) on the observed difference lets a landslide be
# bet on at its size rather than at the prior's.
_LOWER_BOUND_Z = 2.0
# At most this share of the room between the pooled rate and 0 or 1, so that both betting
# rates stay strictly inside (0, 1) and every factor is finite.
_LARGEST_SHARE_OF_ROOM = 0.9
# With a horizon look, the share of the e-value (and so of alpha) left to the running bet: the
# e-value is w·(running bet) + (1 - w)·(the look's e-variable), and the look rejects at
# (1 - w)·alpha. Chosen by the calibration benchmark (docs/benchmarks-promotion.md, "a look at
# the horizon"): at +10 points the power within 500 games a slot was 0.87 / 0.88 / 0.89 / 0.90
# for w = 0.5 / 0.4 / 0.3 / 0.2 (look at 460), and flat below 0.2; more weight on the look
# buys power at the horizon and costs speed before and after it (at +5 points, within 2,000
# games a slot: 0.71 without a look, 0.67 / 0.63 / 0.61 for w = 0.5 / 0.3 / 0.2).
_RUNNING_BET_WEIGHT = 0.2
# Evidence piles up while promotion is paused; e-values are shown capped near 1e300 so that
# they stay finite floats for the ledger and JSON (the decision uses the uncapped logarithm).
_MAX_LOG_E_VALUE = 690.0


@dataclass(frozen=True, slots=True)
class Comparison:
    """Games and bot wins of the Production and B slots (since the swap, for decisions)."""

    production_games: int
    production_wins: int
    b_games: int
    b_wins: int

    def __post_init__(self) -> None:
        for games, wins, slot in (
            (self.production_games, self.production_wins, PRODUCTION),
            (self.b_games, self.b_wins, B),
        ):
            if not 0 <= wins <= games:
                raise ValueError(f"{slot}: need 0 <= wins <= games, got {wins} of {games}")

    # "Losses" are the games the slot's bot did not win: the player's wins and the ties.
    @property
    def production_losses(self) -> int:
        return self.production_games - self.production_wins

    @property
    def b_losses(self) -> int:
        return self.b_games - self.b_wins

    @property
    def production_rate(self) -> float | None:
        return self.production_wins / self.production_games if self.production_games else None

    @property
    def b_rate(self) -> float | None:
        return self.b_wins / self.b_games if self.b_games else None

    @property
    def total_games(self) -> int:
        return self.production_games + self.b_games

    def since(self, baseline: Comparison) -> Comparison:
        """These (cumulative) counts minus a baseline's: the since-swap figures."""
        if not self.includes(baseline):
            raise ValueError(f"baseline {baseline} is not behind the counts {self}")
        return Comparison(
            production_games=self.production_games - baseline.production_games,
            production_wins=self.production_wins - baseline.production_wins,
            b_games=self.b_games - baseline.b_games,
            b_wins=self.b_wins - baseline.b_wins,
        )

    def includes(self, earlier: Comparison) -> bool:
        """Whether these counts can follow ``earlier``: no slot has fewer wins or losses."""
        return (
            self.production_wins >= earlier.production_wins
            and self.production_losses >= earlier.production_losses
            and self.b_wins >= earlier.b_wins
            and self.b_losses >= earlier.b_losses
        )


ZERO = Comparison(0, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class SequentialEvidence:
    """The e-process of one since-swap window after some cycles.

    ``block_start`` is where the open block began (its games are not yet in the e-value);
    ``last`` is the latest counts seen. A fresh window starts from ``SequentialEvidence()``.
    ``log_e_value`` and ``max_log_e_value`` are the running bet's (the product of the blocks'
    factors). With ``horizon_games`` set, the e-value mixes in one look at the window's first
    cycle where both slots have at least that many games (module docstring): ``look_p_value``
    is the look's one-sided Fisher p (None before it) and ``max_log_e_after_look`` the running
    bet's highest log e-value from the look on. ``alpha`` only reads the look (whether it
    rejected), so ``decide`` sets it on every call; the horizon decides when the look happens,
    so it is fixed when the window starts.
    """

    log_e_value: float = 0.0
    max_log_e_value: float = 0.0
    blocks: int = 0
    block_start: Comparison = field(default=ZERO)
    last: Comparison = field(default=ZERO)
    horizon_games: int | None = None
    alpha: float | None = None
    look_p_value: float | None = None
    max_log_e_after_look: float | None = None

    def __post_init__(self) -> None:
        if self.horizon_games is not None:
            if self.horizon_games < 1:
                raise ValueError(f"horizon_games must be >= 1 or None, got {self.horizon_games}")
            if self.alpha is None:
                # The look's share of the e-value depends on alpha: it cannot be read without.
                raise ValueError("a horizon look needs the alpha it is read at")

    @property
    def weight(self) -> float:
        """The running bet's share of the e-value: all of it without a horizon look."""
        return 1.0 if self.horizon_games is None else _RUNNING_BET_WEIGHT

    @property
    def look_alpha(self) -> float | None:
        """The level the look is tested at, (1 - w)·alpha (None without a horizon look)."""
        if self.horizon_games is None or self.alpha is None:
            return None
        return (1.0 - _RUNNING_BET_WEIGHT) * self.alpha

    @property
    def look_rejects(self) -> bool:
        look_alpha = self.look_alpha
        return (
            self.look_p_value is not None
            and look_alpha is not None
            and self.look_p_value <= look_alpha
        )

    @property
    def running_e_value(self) -> float:
        """The running bet alone (the whole e-value without a horizon look)."""
        return math.exp(min(self.log_e_value, _MAX_LOG_E_VALUE))

    @property
    def combined_log_e_value(self) -> float:
        """log of w·(running bet) + (1 - w)·(the look's e-variable), now."""
        if self.horizon_games is None:
            return self.log_e_value
        log_e = math.log(_RUNNING_BET_WEIGHT) + self.log_e_value
        return _with_look(log_e, self.alpha) if self.look_rejects else log_e

    @property
    def max_combined_log_e_value(self) -> float:
        """log of the largest e-value since the swap. The look's e-variable is 0 before the
        look and constant from it on, so the largest is w·(the running bet's largest) unless
        the look rejected, when it is the larger of that and w·(its largest from the look on)
        + 1/alpha."""
        if self.horizon_games is None:
            return self.max_log_e_value
        log_w = math.log(_RUNNING_BET_WEIGHT)
        largest = log_w + self.max_log_e_value
        if self.look_rejects and self.max_log_e_after_look is not None:
            largest = max(largest, _with_look(log_w + self.max_log_e_after_look, self.alpha))
        return largest

    @property
    def e_value(self) -> float:
        return math.exp(min(self.combined_log_e_value, _MAX_LOG_E_VALUE))

    @property
    def max_e_value(self) -> float:
        return math.exp(min(self.max_combined_log_e_value, _MAX_LOG_E_VALUE))

    @property
    def always_valid_p_value(self) -> float:
        return min(1.0, math.exp(-self.max_combined_log_e_value))

    @property
    def rejects(self) -> bool:
        """Whether the test swaps: the always-valid p-value below alpha, or the look rejected
        (which puts the e-value at 1/alpha or just above, so the p-value at alpha or just
        below; Ville's bound holds for reaching 1/alpha, equality included)."""
        if self.alpha is None:
            raise ValueError("the evidence has no alpha to decide at")
        return self.always_valid_p_value < self.alpha or self.look_rejects

    def fresh(self) -> bool:
        """Whether nothing of the window has been seen yet."""
        return self.blocks == 0 and self.last == ZERO and self.look_p_value is None

    def configured(self, *, alpha: float, horizon_games: int | None) -> SequentialEvidence:
        """This evidence read at ``alpha``, with the horizon it must have been gathered with.
        A fresh window takes any horizon; a window under way cannot change it (its look may
        have happened, or be due, at the old one): pass the window's counts instead."""
        if horizon_games != self.horizon_games and not self.fresh():
            raise ValueError(
                f"this evidence was gathered with horizon_games={self.horizon_games}, not "
                f"{horizon_games}; pass the window's since-swap counts as the history instead"
            )
        if alpha == self.alpha and horizon_games == self.horizon_games:
            return self
        return replace(self, alpha=alpha, horizon_games=horizon_games)

    def observe(self, current: Comparison) -> SequentialEvidence:
        """The evidence once the since-swap counts have reached ``current``."""
        if not current.includes(self.last):
            raise ValueError(
                f"since-swap counts went backwards ({self.last} then {current}); "
                "the history must come from the current since-swap window, oldest first"
            )
        look_p = self.look_p_value
        horizon = self.horizon_games
        if (
            look_p is None
            and horizon is not None
            and current.production_games >= horizon
            and current.b_games >= horizon
        ):
            # The look: once, at a cycle fixed by the game counts alone, never by who won.
            look_p = fisher_p_value(current)
        start = self.block_start
        if current.production_games == start.production_games or current.b_games == start.b_games:
            # A block with games of one slot only carries no evidence: keep it open.
            log_e, max_log_e, blocks, block_start = (
                self.log_e_value,
                self.max_log_e_value,
                self.blocks,
                start,
            )
        else:
            log_e = self.log_e_value + _block_log_factor(start, current.since(start))
            max_log_e, blocks, block_start = (
                max(self.max_log_e_value, log_e),
                self.blocks + 1,
                current,
            )
        after_look = self.max_log_e_after_look
        if look_p is not None:
            after_look = log_e if after_look is None else max(after_look, log_e)
        return SequentialEvidence(
            log_e_value=log_e,
            max_log_e_value=max_log_e,
            blocks=blocks,
            block_start=block_start,
            last=current,
            horizon_games=horizon,
            alpha=self.alpha,
            look_p_value=look_p,
            max_log_e_after_look=after_look,
        )


def _with_look(log_running: float, alpha: float | None) -> float:
    """log(exp(log_running) + 1/alpha): a rejecting look adds (1 - w)/((1 - w)·alpha)."""
    assert alpha is not None
    look = -math.log(alpha)
    high, low = max(log_running, look), min(log_running, look)
    return high + math.log1p(math.exp(low - high))


def fisher_p_value(comparison: Comparison) -> float:
    """One-sided Fisher's exact p for B's rate above Production's: the chance, given both
    slots' games and the total wins, that B's games hold at least as many of the wins as they
    do (hypergeometric). Exact when every game wins with one common rate (or the slots are
    assigned at random whatever the rates), conservative when B's rate is lower."""
    c = comparison
    wins = c.production_wins + c.b_wins
    return float(hypergeom.sf(c.b_wins - 1, c.total_games, wins, c.b_games))


def sequential_evidence(
    comparisons: Sequence[Comparison],
    *,
    horizon_games: int | None = None,
    alpha: float | None = None,
) -> SequentialEvidence:
    """The e-process after the since-swap counts of successive cycles, oldest first."""
    evidence = SequentialEvidence(horizon_games=horizon_games, alpha=alpha)
    for comparison in comparisons:
        evidence = evidence.observe(comparison)
    return evidence


def block_log_factor(production_rate: float, b_rate: float, block: Comparison) -> float:
    """log of a block's likelihood ratio: its outcomes under the betting rates
    ``(production_rate, b_rate)`` against both slots at the common rate
    ``p0 = (m·production_rate + n·b_rate) / (m + n)`` (``m``, ``n``: the block's games).

    An e-variable for the null "B's games win no more often than Production's" whenever
    ``b_rate > production_rate`` and both rates are fixed before the block's outcomes are seen
    (the module docstring says why). The benchmark's oracle row uses it with the true rates.
    """
    a, b = production_rate, b_rate
    m, n = block.production_games, block.b_games
    p0 = (m * a + n * b) / (m + n)
    return (
        block.production_wins * math.log(a / p0)
        + block.production_losses * math.log((1.0 - a) / (1.0 - p0))
        + block.b_wins * math.log(b / p0)
        + block.b_losses * math.log((1.0 - b) / (1.0 - p0))
    )


def _betting_difference(before: Comparison) -> float:
    """The difference in win rate (B minus Production) the next block bets on.

    The observed difference is noisy for hundreds of games, and a bet aimed at noise grows the
    e-value slowly or not at all, so it is shrunk toward ``_DESIGN_DIFFERENCE`` with the weight
    of ``_PRIOR_INFORMATION``. A difference far beyond the design one (its lower confidence
    bound already above the shrunk value) is bet on at that bound, so a landslide is not
    held back by the prior.
    """
    pg, bg = before.production_games, before.b_games
    shrunk = _DESIGN_DIFFERENCE
    if pg == 0 or bg == 0:
        return shrunk
    # The "information" of a two-sample comparison: the variance of the difference of the
    # two rates is rate·(1 - rate) / information.
    information = pg * bg / (pg + bg)
    observed = before.b_wins / bg - before.production_wins / pg
    shrunk = (information * observed + _PRIOR_INFORMATION * _DESIGN_DIFFERENCE) / (
        information + _PRIOR_INFORMATION
    )
    pooled = _pooled_rate(before)
    lower = observed - _LOWER_BOUND_Z * math.sqrt(pooled * (1.0 - pooled) / information)
    return max(shrunk, lower)


def _pooled_rate(before: Comparison) -> float:
    # Laplace's rule on both slots together: never exactly 0 or 1, 1/2 before any game.
    return (before.production_wins + before.b_wins + _PSEUDO_WINS) / (
        before.total_games + 2.0 * _PSEUDO_WINS
    )


def _block_log_factor(before: Comparison, block: Comparison) -> float:
    """log of the block's e-variable, betting with what the games ``before`` suggest.

    The betting rates straddle the pooled rate ``p``: ``a = p - d·n/(m+n)`` and
    ``b = p + d·m/(m+n)``, so ``b - a = d`` and the hedge ``p0`` is ``p`` itself. No bet
    (factor 1) unless ``d > 0``: the bound under the one-sided null needs ``b > a``.
    """
    difference = _betting_difference(before)
    if difference <= 0.0:
        return 0.0
    m, n = block.production_games, block.b_games
    pooled = _pooled_rate(before)
    # Both betting rates must stay inside (0, 1) for the factor to be finite; a bet this large
    # only happens after a landslide, where the cap costs nothing that matters.
    largest = _LARGEST_SHARE_OF_ROOM * min(pooled * (m + n) / n, (1.0 - pooled) * (m + n) / m)
    difference = min(difference, largest)
    a = pooled - difference * n / (m + n)
    b = pooled + difference * m / (m + n)
    return block_log_factor(a, b, block)
