"""Properties of the pure cycle: what a decision may be, when tickers reset, what moves."""

from hypothesis import given, settings
from hypothesis import strategies as st

from core.vocabulary import ALIASES, CHALLENGERS, DECISIONS, PRODUCTION
from promotion.cycle import Counts, CycleInput, run_cycle


@st.composite
def cycle_inputs(draw):
    def counts(min_games=0):
        games = draw(st.integers(min_games, 60))
        return Counts(games, draw(st.integers(0, games)))

    baseline_p, baseline_b = counts(), counts()
    extra_p, extra_b = counts(), counts()
    versions = draw(st.permutations([1, 2, 3, 4]))
    assignments = dict(zip(ALIASES, versions, strict=True))
    accuracy = st.one_of(st.none(), st.floats(0.0, 1.0))
    return CycleInput(
        family="xgboost",
        production=Counts(baseline_p.games + extra_p.games, baseline_p.wins + extra_p.wins),
        b=Counts(baseline_b.games + extra_b.games, baseline_b.wins + extra_b.wins),
        baseline_production=baseline_p,
        baseline_b=baseline_b,
        cycles_since_swap=draw(st.integers(0, 50)),
        assignments=assignments,
        accuracies={v: draw(accuracy) for v in versions},
        method=draw(st.sampled_from(["point", "ztest"])),
        alpha=0.05,
        min_games=draw(st.integers(0, 10)),
        b_share=draw(st.sampled_from([None, 0.5, 0.2])),
    )


@settings(max_examples=300, deadline=None)
@given(cycle_inputs())
def test_the_decision_is_always_a_test_result(given_input):
    outcome = run_cycle(given_input)

    assert outcome.decision in DECISIONS
    assert outcome.decision != "alias_reorder"


@settings(max_examples=300, deadline=None)
@given(cycle_inputs())
def test_tickers_reset_on_a_swap_and_only_on_a_swap(given_input):
    outcome = run_cycle(given_input)

    if outcome.swapped:
        assert outcome.cycles_since_swap == 0
        assert outcome.production_since_swap == outcome.b_since_swap == Counts()
    else:
        assert outcome.cycles_since_swap == given_input.cycles_since_swap + 1
        assert outcome.production_since_swap == (
            given_input.production - given_input.baseline_production
        )


@settings(max_examples=300, deadline=None)
@given(cycle_inputs())
def test_a_re_ranking_never_touches_production(given_input):
    outcome = run_cycle(given_input)

    if not outcome.swapped:
        assert outcome.assignments_after[PRODUCTION] == given_input.assignments[PRODUCTION]
    else:
        assert outcome.assignments_after[PRODUCTION] == given_input.assignments["B"]


@settings(max_examples=300, deadline=None)
@given(cycle_inputs())
def test_every_model_moves_at_most_once_and_none_is_lost(given_input):
    outcome = run_cycle(given_input)

    after = [v for v in outcome.assignments_after.values() if v is not None]
    assert sorted(after) == sorted(v for v in given_input.assignments.values() if v)
    assert len(set(after)) == len(after)
    assert outcome.moves == {
        a: v for a, v in outcome.assignments_after.items() if given_input.assignments.get(a) != v
    }


@settings(max_examples=300, deadline=None)
@given(cycle_inputs())
def test_reorder_applied_says_whether_a_challenger_moved_beyond_the_swap(given_input):
    outcome = run_cycle(given_input)

    before = dict(given_input.assignments)
    if outcome.swapped:
        before[PRODUCTION], before["B"] = before["B"], before[PRODUCTION]
    moved = any(outcome.assignments_after[a] != before[a] for a in CHALLENGERS)
    assert outcome.reorder_applied == moved


def test_all_six_combinations_of_decision_and_reorder_are_reachable():
    seen = set()
    for production, b, accuracies in [
        (Counts(10, 2), Counts(10, 9), {1: 0.5, 2: 0.4, 3: 0.3, 4: 0.2}),  # swap, no reorder
        (Counts(10, 2), Counts(10, 9), {1: 0.1, 2: 0.4, 3: 0.9, 4: 0.2}),  # swap, reorder
        (Counts(10, 9), Counts(10, 2), {1: 0.5, 2: 0.4, 3: 0.3, 4: 0.2}),  # retain
        (Counts(10, 9), Counts(10, 2), {1: 0.5, 2: 0.1, 3: 0.3, 4: 0.9}),  # retain, reorder
        (Counts(1, 1), Counts(1, 0), {1: 0.5, 2: 0.4, 3: 0.3, 4: 0.2}),  # insufficient
        (Counts(1, 1), Counts(1, 0), {1: 0.5, 2: 0.1, 3: 0.3, 4: 0.9}),  # insufficient, reorder
    ]:
        outcome = run_cycle(
            CycleInput(
                family="xgboost",
                production=production,
                b=b,
                baseline_production=Counts(),
                baseline_b=Counts(),
                cycles_since_swap=0,
                assignments={"Production": 1, "B": 2, "shadow1": 3, "shadow2": 4},
                accuracies=accuracies,
                method="point",
                alpha=0.05,
                min_games=3,
            )
        )
        seen.add((outcome.decision, outcome.reorder_applied))

    assert seen == {(d, r) for d in DECISIONS for r in (True, False)}


@settings(max_examples=20, deadline=None)
@given(cycle_inputs())
def test_a_cycles_event_fills_exactly_the_ledgers_columns(given_input):
    from promotion.models import LEDGER_FIELDS
    from promotion.services import _event_fields

    assert set(_event_fields(given_input, run_cycle(given_input))) == set(LEDGER_FIELDS)


@settings(max_examples=300, deadline=None)
@given(cycle_inputs())
def test_a_sample_ratio_mismatch_decides_nothing_and_moves_neither_slot(given_input):
    outcome = run_cycle(given_input)

    assert (outcome.srm is None) == (given_input.b_share is None)
    if outcome.srm is not None and outcome.srm.mismatch:
        assert outcome.decision == "insufficient_data"
        assert outcome.assignments_after[PRODUCTION] == given_input.assignments[PRODUCTION]
        assert outcome.reason.startswith("Sample ratio mismatch")
