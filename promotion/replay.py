"""Decision replay: the ledger's cycles decided again under another method or alpha, to see
which swaps it would have made and when. Pure, no Django: ledger rows in, decisions out.

Each ledger row keeps what its cycle read: the slots' raw counters, the test's settings, whether
the split was off its share, whether a guardrail held and whether B held a model. The replay
walks the rows in order with its own baseline: where it swaps, its next window starts from that
row's counters, as a real swap's would. What it cannot know is how the games would have gone
with other models at the slots after a swap it made and the real cycle did not; it reads the
same counts, so it answers "what would this rule have decided on this evidence", which is the
question an operator asks before changing the rule. Replayed under the method and alpha of the
rows, it reproduces their decisions exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from core.vocabulary import INSUFFICIENT, RETAIN, SWAP
from promotion import stats
from promotion.cycle import Counts
from promotion.rollback import Probation, probation_after_swap, probation_check


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One recorded cycle, as the replay needs it."""

    event_id: int
    at: datetime
    source: str
    decision: str
    method: str
    alpha: float
    min_games: int | None  # None on rows recorded before the ledger kept it
    production: Counts  # the slots' raw counters the cycle read
    b: Counts
    srm_mismatch: bool
    guardrail_held: bool
    b_held_a_model: bool
    # The versions at Production and B when the cycle ran, and whether it rolled a swap back.
    production_version: int | None = None
    b_version: int | None = None
    rolled_back: bool = False
    # The sequential test's horizon look (0 or None: none; None on rows recorded before the
    # ledger kept it, whose cycles had no look).
    horizon_games: int | None = None


@dataclass(frozen=True, slots=True)
class ReplayedCycle:
    row: LedgerRow
    decision: str  # under the replay's rule
    production_since: Counts
    b_since: Counts
    explanation: str
    rolled_back: bool = False

    @property
    def differs(self) -> bool:
        return (self.decision, self.rolled_back) != (self.row.decision, self.row.rolled_back)


@dataclass(frozen=True, slots=True)
class Replay:
    method: str | None  # None: each row's own
    alpha: float | None
    cycles: tuple[ReplayedCycle, ...]

    @property
    def recorded_swaps(self) -> list[LedgerRow]:
        return [c.row for c in self.cycles if c.row.decision == SWAP]

    @property
    def replayed_swaps(self) -> list[LedgerRow]:
        return [c.row for c in self.cycles if c.decision == SWAP]

    @property
    def differences(self) -> list[ReplayedCycle]:
        return [c for c in self.cycles if c.differs]


def replay(
    rows: Iterable[LedgerRow],
    *,
    method: str | None = None,
    alpha: float | None = None,
    min_games: int | None = None,
    horizon_games: int | None = None,
    default_min_games: int,
    probation_games: int = 0,
) -> Replay:
    """The rows (oldest first) decided again. ``method``, ``alpha``, ``min_games`` and
    ``horizon_games`` replace each row's own when given; a row without a recorded ``min_games``
    uses ``default_min_games``, one without a recorded horizon had no look.
    ``probation_games`` is the rollback check's probation (0: none)."""
    baseline_production = baseline_b = Counts()
    probation: Probation | None = None
    played_before = 0  # the new Production's since-swap games at the previous row
    # What the sequential test has seen of this window, whatever method each cycle used (as
    # the cycle's own history holds every earlier cycle of the window): carried from cycle to
    # cycle, so a replay of a long ledger stays linear in its length.
    evidence = stats.SequentialEvidence()
    # The window's counts so far: the evidence is rebuilt from them only when the horizon
    # changes mid-window (the cycle itself rebuilds it from the ledger under the current one).
    window: list[stats.Comparison] = []
    replayed: list[ReplayedCycle] = []
    for row in rows:
        production_since = row.production - baseline_production
        b_since = row.b - baseline_b
        comparison = stats.Comparison(
            production_games=production_since.games,
            production_wins=production_since.wins,
            b_games=b_since.games,
            b_wins=b_since.wins,
        )
        restarted = not comparison.includes(evidence.last)
        if restarted:
            # Counts below the last cycle's (counters rebuilt, or a report that did not add
            # up): no evidence carries over them, so it starts again rather than failing.
            evidence = stats.SequentialEvidence()
            window = []
        row_alpha = alpha if alpha is not None else row.alpha
        row_horizon = (horizon_games if horizon_games is not None else row.horizon_games) or None
        if row_horizon != evidence.horizon_games and not evidence.fresh():
            evidence = stats.sequential_evidence(window, horizon_games=row_horizon, alpha=row_alpha)
        result = stats.decide(
            comparison,
            method=method or row.method,
            alpha=row_alpha,
            min_games=_first_given(min_games, row.min_games, default_min_games),
            history=evidence,
            horizon_games=row_horizon,
        )
        decision: str = result.decision
        explanation = result.reason
        if restarted:
            explanation = "the counts went back, so the evidence started again: " + explanation
        # The same overrides as the cycle's (promotion.cycle.run_cycle), from what the row kept:
        # the split's verdict as recorded, since it does not depend on the rule.
        if row.srm_mismatch:
            decision, explanation = INSUFFICIENT, "sample ratio mismatch: " + explanation
        elif decision == SWAP and row.guardrail_held:
            decision, explanation = RETAIN, "a guardrail held: " + explanation
        elif decision == SWAP and not row.b_held_a_model:
            decision, explanation = RETAIN, "no model held B: " + explanation
        verdict = probation_check(
            probation,
            production_version=row.production_version,
            played_before=played_before,
            games=production_since.games,
            wins=production_since.wins,
            alpha=row_alpha,
        )
        rolled_back = verdict is not None and verdict.roll_back
        if verdict is not None and verdict.roll_back:
            decision, explanation = SWAP, "rollback: " + verdict.explanation
        replayed.append(
            ReplayedCycle(row, decision, production_since, b_since, explanation, rolled_back)
        )
        played_before = production_since.games
        if decision == SWAP:
            baseline_production, baseline_b = row.production, row.b
            evidence = stats.SequentialEvidence()
            window = []
            played_before = 0
            # The same rule as the cycle's (promotion.services): B's model took Production.
            probation = probation_after_swap(
                swap_event_id=row.event_id,
                source=row.source,
                was_rollback=rolled_back,
                promoted=row.b_version,
                demoted=row.production_version,
                reference_games=production_since.games,
                reference_wins=production_since.wins,
                probation_games=probation_games,
            )
        else:
            window.append(comparison)
            evidence = (
                result.evidence
                if result.evidence is not None
                else evidence.configured(alpha=row_alpha, horizon_games=row_horizon).observe(
                    comparison
                )
            )
    return Replay(method=method, alpha=alpha, cycles=tuple(replayed))


def _first_given(*values: int | None) -> int:
    return next(value for value in values if value is not None)
