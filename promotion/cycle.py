"""The promotion decision as a pure function: counters in, decision and new assignments out.

1. Since-swap figures are the slot counters minus the baseline (the raw counters recorded by
   the last ``swap_production_b`` event, zero before any).
2. The statistical test (``promotion.stats``) decides: swap_production_b, retain_production or
   insufficient_data. Nothing else is ever a decision. Three checks may only hold it back:
   a window whose Production/B split is off the configured share is insufficient_data
   (``promotion.srm``); a swap is a retain when a guardrail holds (B serves worse,
   ``promotion.guardrails``) or when no model holds B.
3. On a swap, Production and B exchange models; the tickers reset (the new baseline is the
   current counters, since-swap figures are zero, cycles since swap start again at zero).
4. Then the challengers (the versions at B, shadow1 and shadow2 after step 3) are re-ranked by
   observed action accuracy, best to B. ``reorder_applied`` says whether that moved anything.
   A re-ranking never touches Production and never resets the tickers.
5. During a swap's probation (``promotion.rollback``) the new Production's games are checked
   against the model it replaced; if it is clearly worse, the cycle rolls the swap back instead
   of steps 2-3: the old model is Production again, the new one leaves every alias (it is
   rejected), and the tickers reset as on any swap. A rollback is never itself on probation.
The final assignment is computed in one go, so every model moves at most once per cycle.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypedDict

from core.vocabulary import CHALLENGERS, INSUFFICIENT, PRODUCTION, RETAIN, SWAP, B
from promotion import stats
from promotion.guardrails import (
    GuardrailLimits,
    GuardrailVerdict,
    SlotHealth,
    guardrails_check,
    held,
)
from promotion.rollback import Probation, RollbackVerdict, probation_check
from promotion.srm import SrmCheck, srm_check

Assignments = Mapping[str, int | None]  # alias -> version number (None: empty)


@dataclass(frozen=True, slots=True)
class Counts:
    games: int = 0
    wins: int = 0

    def __sub__(self, other: Counts) -> Counts:
        # Counters only grow; a baseline above them means the counters were rebuilt, and the
        # honest since-swap figure is then "everything counted since".
        if other.games > self.games or other.wins > self.wins:
            return self
        return Counts(self.games - other.games, self.wins - other.wins)


@dataclass(frozen=True)
class CycleInput:
    family: str
    production: Counts
    b: Counts
    baseline_production: Counts
    baseline_b: Counts
    cycles_since_swap: int  # before this cycle
    assignments: Assignments
    accuracies: Mapping[int, float | None]  # version -> observed action accuracy
    method: str
    alpha: float
    min_games: int
    # The sequential test's one look at this many since-swap games a slot (None or 0: none).
    horizon_games: int | None = None
    # The since-swap counts of every earlier cycle since the last swap, oldest first: the
    # sequential test's evidence is built from them (see promotion.stats).
    history: tuple[stats.Comparison, ...] = ()
    # B's configured share of the games, when the window's split can be checked against it
    # (None: A/B testing is off, or B did not hold a model through the whole window).
    b_share: float | None = None
    srm_alpha: float = 0.001
    # How each slot served in the window, for the guardrails (None: not checked).
    production_health: SlotHealth | None = None
    b_health: SlotHealth | None = None
    guardrail_limits: GuardrailLimits | None = None
    # The last swap, while the model it promoted is on probation (None: no rollback check).
    probation: Probation | None = None


class Ranking(TypedDict):
    alias: str
    version: int | None
    accuracy: float | None


@dataclass(frozen=True)
class CycleOutcome:
    decision: str
    test: stats.TestResult
    reorder_applied: bool
    assignments_before: dict[str, int | None]
    assignments_after: dict[str, int | None]
    rankings: list[Ranking]
    production_since_swap: Counts
    b_since_swap: Counts
    cycles_since_swap: int
    reason: str
    moves: dict[str, int | None] = field(default_factory=dict)
    srm: SrmCheck | None = None  # None: the split was not checked
    guardrails: tuple[GuardrailVerdict, ...] = ()
    rollback: RollbackVerdict | None = None  # None: no swap on probation

    @property
    def swapped(self) -> bool:
        return self.decision == SWAP

    @property
    def rolled_back(self) -> bool:
        return self.rollback is not None and self.rollback.roll_back


def rerank(
    challengers: list[int | None], accuracies: Mapping[int, float | None]
) -> list[int | None]:
    """Challenger versions ordered best first by accuracy; unknown accuracy after known ones,
    ties and unknowns keep their current order (a stable sort), empty slots last."""

    def key(item: tuple[int, int | None]) -> tuple[int, float, int]:
        position, version = item
        if version is None:
            return (2, 0.0, position)
        accuracy = accuracies.get(version)
        return (1, 0.0, position) if accuracy is None else (0, -accuracy, position)

    return [version for _, version in sorted(enumerate(challengers), key=key)]


def run_cycle(given: CycleInput) -> CycleOutcome:
    before = {alias: given.assignments.get(alias) for alias in (PRODUCTION, *CHALLENGERS)}
    production_since = given.production - given.baseline_production
    b_since = given.b - given.baseline_b
    result = stats.decide(
        stats.Comparison(
            production_games=production_since.games,
            production_wins=production_since.wins,
            b_games=b_since.games,
            b_wins=b_since.wins,
        ),
        method=given.method,
        alpha=given.alpha,
        min_games=given.min_games,
        history=given.history,
        horizon_games=given.horizon_games,
    )
    test = result.test
    decision = result.decision
    srm = None
    if given.b_share is not None:
        srm = srm_check(
            production_games=production_since.games,
            b_games=b_since.games,
            b_share=given.b_share,
            alpha=given.srm_alpha,
        )
    if srm is not None and srm.mismatch:
        # Whatever the test says: games not shared out as configured cannot be compared.
        decision = INSUFFICIENT
    verdicts: tuple[GuardrailVerdict, ...] = ()
    if given.production_health and given.b_health and given.guardrail_limits:
        verdicts = guardrails_check(given.production_health, given.b_health, given.guardrail_limits)
    blocking = held(verdicts)
    if decision == SWAP and blocking:
        decision = RETAIN  # B wins more often but serves worse: it is not promoted
    if decision == SWAP and before[B] is None:
        # Counts left by a model that no longer holds B cannot promote an empty slot.
        decision = RETAIN
    rollback = probation_check(
        given.probation,
        production_version=before[PRODUCTION],
        played_before=given.history[-1].production_games if given.history else 0,
        games=production_since.games,
        wins=production_since.wins,
        alpha=given.alpha,
    )
    undone = rollback if rollback is not None and rollback.roll_back else None
    after = dict(before)
    if undone is not None:
        decision = SWAP
        for alias, version in before.items():
            if version in (undone.promoted, undone.demoted):
                after[alias] = None
        after[PRODUCTION] = undone.demoted
    elif decision == SWAP:
        after[PRODUCTION], after[B] = before[B], before[PRODUCTION]
    challengers = [after[alias] for alias in CHALLENGERS]
    ranked = rerank(challengers, given.accuracies)
    after.update(zip(CHALLENGERS, ranked, strict=True))
    reorder_applied = ranked != challengers
    rankings = [
        Ranking(
            alias=alias,
            version=version,
            accuracy=None if version is None else given.accuracies.get(version),
        )
        for alias, version in zip(CHALLENGERS, ranked, strict=True)
    ]
    if decision == SWAP:
        production_since, b_since, cycles = Counts(), Counts(), 0
    else:
        cycles = given.cycles_since_swap + 1
    # The test's sentence, then one sentence for each thing that held it back or happened.
    sentences = [test.explanation]
    if undone is not None:
        sentences = [
            f"Rollback: {undone.explanation}",
            f"v{undone.demoted} is Production again and v{undone.promoted} leaves its "
            "aliases, rejected",
            f"The test of B, not acted on: {test.explanation}",
        ]
    elif srm is not None and srm.mismatch:
        sentences = [
            f"Sample ratio mismatch: {srm.explanation}",
            f"Not acted on: {test.explanation}",
        ]
    elif blocking and result.decision == SWAP:
        told = "; ".join(verdict.explanation for verdict in blocking)
        sentences.append(f"A guardrail held, so B is not promoted: {told}")
    elif decision != result.decision:
        sentences.append("No model holds B, so nothing can be promoted: Production stays")
    if decision == SWAP and undone is None:
        sentences.append(f"B (v{before[B]}) becomes Production; v{before[PRODUCTION]} moves to B")
    if rollback is not None and undone is None:
        sentences.append(f"{rollback.explanation[0].upper()}{rollback.explanation[1:]}")
    if reorder_applied:
        order = ", ".join(f"{r['alias']}=v{r['version']}" for r in rankings if r["version"])
        sentences.append(f"Challengers re-ranked by accuracy: {order}")
    reason = " ".join(s if s.endswith(".") else f"{s}." for s in sentences)
    moves = {alias: after[alias] for alias in after if after[alias] != before[alias]}
    return CycleOutcome(
        decision=decision,
        test=test,
        reorder_applied=reorder_applied,
        assignments_before=before,
        assignments_after=after,
        rankings=rankings,
        production_since_swap=production_since,
        b_since_swap=b_since,
        cycles_since_swap=cycles,
        reason=reason,
        moves=moves,
        srm=srm,
        guardrails=verdicts,
        rollback=rollback,
    )
