"""Automatic rollback: after a swap, is the new Production clearly worse than the one it
replaced? Pure, no Django: counts in, a verdict out.

A swap puts B's model in Production. The old Production's win rate is known from the window
that ended with the swap (its games as Production since the swap before). After the swap the
old model may leave B at once (the challengers are re-ranked by accuracy), so the two cannot be
compared side by side; the new Production's games since the swap are compared with what the old
one did instead, on a probation of ``probation_games`` games:

1. A Clopper-Pearson lower bound ``r`` on the old model's rate, at confidence ``1 - alpha/2``,
   from its window. The chance that the true rate is below ``r`` is at most ``alpha/2``.
2. An e-process against "the new Production wins at least ``r``": the mixture, with fixed equal
   weights, of the likelihood ratios of rates ``r - d`` to ``r`` for ``d`` in ``SHORTFALLS``. For
   any true rate ``p >= r`` each ratio has expectation at most 1 per game (it decreases in
   ``p`` and equals 1 at ``r``), so the mixture is a non-negative supermartingale and Ville's
   inequality bounds the chance it ever reaches ``2/alpha`` by ``alpha/2``, however often it is
   looked at. It depends on the current counts only (a product of per-game factors).

Roll back when the e-value reaches ``2/alpha``. If the new model is in truth no worse than the
old, that needs the bound to be wrong or the e-process to cross by chance: at most
``alpha/2 + alpha/2 = alpha``. The swap itself selected a window where the old model looked
weak, which only lowers ``r`` and makes a rollback harder, never easier.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from scipy.special import betaincinv

from core.vocabulary import REPORT_SOURCE

# How much worse than the old model's lower bound the mixture's alternatives are: a spread, so
# that a model much worse is caught fast and one a little worse is still caught eventually.
SHORTFALLS = (0.05, 0.10, 0.20, 0.30)


@dataclass(frozen=True, slots=True)
class Probation:
    """The swap under probation: which model it put in Production and which it took out, and
    the old one's games and wins as Production in the window the swap closed."""

    swap_event_id: int
    promoted: int
    demoted: int | None
    reference_games: int
    reference_wins: int
    probation_games: int  # the new Production's games after which the swap stands


@dataclass(frozen=True, slots=True)
class RollbackVerdict:
    swap_event_id: int
    promoted: int
    demoted: int | None
    roll_back: bool
    games: int  # the new Production's games since the swap
    wins: int
    reference_games: int
    reference_wins: int
    lower_bound: float | None  # on the old model's rate (None: nothing to compare against)
    e_value: float
    threshold: float
    probation_games: int
    explanation: str

    def as_record(self) -> dict[str, Any]:
        return asdict(self)


def lower_bound(wins: int, games: int, *, alpha: float) -> float:
    """The one-sided Clopper-Pearson lower confidence bound on a rate, at ``1 - alpha``."""
    if not 0 <= wins <= games:
        raise ValueError(f"need 0 <= wins <= games, got {wins} of {games}")
    if wins == 0:
        return 0.0
    return float(betaincinv(wins, games - wins + 1, alpha))


def shortfall_e_value(wins: int, games: int, *, reference: float) -> float:
    """The mixture e-value against "the rate is at least ``reference``" (see the module)."""
    total = 0.0
    for shortfall in SHORTFALLS:
        rate = reference - shortfall
        if rate <= 0.0:
            continue  # an alternative below zero does not exist: its weight stays unused
        log_ratio = wins * math.log(rate / reference) + (games - wins) * math.log(
            (1.0 - rate) / (1.0 - reference)
        )
        total += math.exp(min(log_ratio, 690.0)) / len(SHORTFALLS)
    return total


def rollback_check(probation: Probation, *, games: int, wins: int, alpha: float) -> RollbackVerdict:
    """Whether the new Production (``wins`` of ``games`` since the swap) is clearly worse than
    the model it replaced, at level ``alpha``."""
    if not 0 <= wins <= games:
        raise ValueError(f"need 0 <= wins <= games, got {wins} of {games}")
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must be in (0, 1), got {alpha}")
    p = probation
    threshold = 2.0 / alpha
    record = _record(wins, games)
    if p.demoted is None or p.reference_games == 0:
        bound, e_value = None, 1.0
        told = (
            f"probation of v{p.promoted}: {record} since the swap, but the model it replaced "
            "left no games to compare with → no rollback"
        )
    else:
        bound = lower_bound(p.reference_wins, p.reference_games, alpha=alpha / 2.0)
        e_value = shortfall_e_value(wins, games, reference=bound) if bound > 0.0 else 1.0
        verdict = (
            f"v{p.promoted} is clearly worse → roll back to v{p.demoted}"
            if e_value >= threshold
            else "no rollback"
        )
        told = (
            f"probation of v{p.promoted}: {record} since the swap against "
            f"v{p.demoted}'s {_record(p.reference_wins, p.reference_games)} before it "
            f"(at least {bound:.0%} at {1.0 - alpha / 2.0:.1%} confidence); "
            f"e-value {e_value:.3g}, rollback at {threshold:g} → {verdict}"
        )
    return RollbackVerdict(
        swap_event_id=p.swap_event_id,
        promoted=p.promoted,
        demoted=p.demoted,
        roll_back=bound is not None and e_value >= threshold,
        games=games,
        wins=wins,
        reference_games=p.reference_games,
        reference_wins=p.reference_wins,
        lower_bound=bound,
        e_value=e_value,
        threshold=threshold,
        probation_games=p.probation_games,
        explanation=told,
    )


def probation_after_swap(
    *,
    swap_event_id: int,
    source: str,
    was_rollback: bool,
    promoted: int | None,
    demoted: int | None,
    reference_games: int,
    reference_wins: int,
    probation_games: int,
) -> Probation | None:
    """The probation a swap opens, or None: none is configured (``probation_games`` 0), the
    swap was itself a rollback, it came from an external promoter's report (which moved no
    alias here), or the model it promoted is not known."""
    if probation_games <= 0 or was_rollback or source == REPORT_SOURCE or promoted is None:
        return None
    return Probation(
        swap_event_id=swap_event_id,
        promoted=promoted,
        demoted=demoted,
        reference_games=reference_games,
        reference_wins=reference_wins,
        probation_games=probation_games,
    )


def probation_check(
    probation: Probation | None,
    *,
    production_version: int | None,
    played_before: int,
    games: int,
    wins: int,
    alpha: float,
) -> RollbackVerdict | None:
    """The rollback check of one cycle, or None when there is none: no swap on probation, the
    swap's model no longer holds Production (moved by hand), or it had played the probation's
    games by the previous cycle (``played_before``; the cycle that passes the mark is the last
    to check)."""
    if probation is None or production_version != probation.promoted:
        return None
    if played_before >= probation.probation_games:
        return None
    return rollback_check(probation, games=games, wins=wins, alpha=alpha)


def _record(wins: int, games: int) -> str:
    share = f" ({100.0 * wins / games:.0f}%)" if games else ""
    return f"{wins} of {games} games won{share}"
