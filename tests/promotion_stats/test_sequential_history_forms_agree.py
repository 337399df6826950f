from __future__ import annotations

from hypothesis import given, settings

from promotion.stats import Comparison, SequentialEvidence, decide, sequential_evidence
from tests.promotion_stats.strategies import alphas, windows


@settings(max_examples=200, deadline=None)
@given(window=windows(), alpha=alphas)
def test_the_past_counts_and_the_previous_cycles_evidence_give_the_same_decision(
    window: list[Comparison], alpha: float
) -> None:
    # The cycle service may pass the since-swap counts of the earlier cycles (from the ledger),
    # or the evidence the previous cycle's decision returned; both must say the same thing.
    evidence = SequentialEvidence()
    for i, current in enumerate(window):
        from_counts = decide(
            current, method="sequential", alpha=alpha, min_games=3, history=window[:i]
        )
        from_state = decide(
            current, method="sequential", alpha=alpha, min_games=3, history=evidence
        )
        assert from_counts == from_state
        assert from_counts.evidence is not None
        evidence = from_counts.evidence
    assert evidence == sequential_evidence(window)


@settings(max_examples=100, deadline=None)
@given(window=windows(), alpha=alphas)
def test_repeating_the_current_counts_in_the_history_changes_nothing(
    window: list[Comparison], alpha: float
) -> None:
    current = window[-1]
    without = decide(current, method="sequential", alpha=alpha, min_games=3, history=window[:-1])
    with_it = decide(current, method="sequential", alpha=alpha, min_games=3, history=window)
    assert without == with_it
