from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from promotion.stats import Comparison, SequentialEvidence, decide, sequential_evidence
from tests.promotion_stats.strategies import alphas, windows

# None and 0: no look; the others are reached inside the windows the strategy draws.
horizons = st.sampled_from([None, 0, 4, 12, 30])


@settings(max_examples=300, deadline=None)
@given(window=windows(), alpha=alphas, horizon=horizons)
def test_the_past_counts_and_the_previous_cycles_evidence_give_the_same_decision(
    window: list[Comparison], alpha: float, horizon: int | None
) -> None:
    # The cycle service may pass the since-swap counts of the earlier cycles (from the ledger),
    # or the evidence the previous cycle's decision returned; both must say the same thing.
    evidence = SequentialEvidence()
    for i, current in enumerate(window):
        from_counts = decide(
            current, method="sequential", alpha=alpha, min_games=3, history=window[:i],
            horizon_games=horizon,
        )  # fmt: skip
        from_state = decide(
            current, method="sequential", alpha=alpha, min_games=3, history=evidence,
            horizon_games=horizon,
        )  # fmt: skip
        assert from_counts == from_state
        assert from_counts.evidence is not None
        evidence = from_counts.evidence
    assert evidence == sequential_evidence(window, horizon_games=horizon or None, alpha=alpha)


@settings(max_examples=100, deadline=None)
@given(window=windows(), alpha=alphas, horizon=horizons)
def test_repeating_the_current_counts_in_the_history_changes_nothing(
    window: list[Comparison], alpha: float, horizon: int | None
) -> None:
    current = window[-1]
    without = decide(current, method="sequential", alpha=alpha, min_games=3,
                     history=window[:-1], horizon_games=horizon)  # fmt: skip
    with_it = decide(current, method="sequential", alpha=alpha, min_games=3, history=window,
                     horizon_games=horizon)  # fmt: skip
    assert without == with_it
