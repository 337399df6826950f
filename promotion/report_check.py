"""Whether an external promoter's report fits what this installation counted. A stored report
becomes part of the promotion state: a reported swap's totals become the baseline that later
cycles subtract from the slot counters, every report's since-swap counts join the sequential
test's history, and its cycle count is the one the next cycle adds to. So a report that claims
more than the counters hold is refused instead of stored. Pure: no Django, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.vocabulary import PRODUCTION, B
from promotion.cycle import Counts

SLOT_FIELDS = (
    # (slot, total games, total wins, since-swap games, since-swap wins) of a report
    (PRODUCTION, "production_total_games", "production_wins",
     "production_games_since_swap", "production_wins_since_swap"),
    (B, "b_total_games", "b_wins", "b_games_since_swap", "b_wins_since_swap"),
)  # fmt: skip


def _beyond(claimed: Counts, held: Counts, *, results: bool = True) -> bool:
    """More games or wins than ``held`` has, or (``results``) more other results: a baseline
    must leave every later since-swap figure a valid count of games and wins."""
    return (
        claimed.games > held.games
        or claimed.wins > held.wins
        or (results and claimed.games - claimed.wins > held.games - held.wins)
    )


def report_conflicts(
    report: Mapping[str, Any],
    *,
    counters: Mapping[str, Counts],
    baseline: Mapping[str, Counts],
    cycles_since_swap: int,
    swap_decision: str,
) -> list[str]:
    """Why the report cannot be stored (empty: it can). ``counters`` are the slot counters now,
    ``baseline`` the last swap's totals and ``cycles_since_swap`` the last event's count."""
    problems = []
    swap = report["decision"] == swap_decision
    for slot, total_games, total_wins, since_games, since_wins in SLOT_FIELDS:
        held = counters[slot]
        total = Counts(report[total_games], report[total_wins])
        since = Counts(report[since_games], report[since_wins])
        if swap and _beyond(total, held):
            problems.append(
                f"a swap at {slot} {total.wins}/{total.games} would move the baseline past "
                f"the counters ({held.wins} bot wins in {held.games} games)"
            )
        counted_since = held - baseline[slot]
        # Since-swap wins may be left out of a report (they default to 0): games and wins only.
        if _beyond(since, counted_since, results=False):
            problems.append(
                f"{slot} since the last swap is {since.wins}/{since.games}, more than the "
                f"counters hold since it ({counted_since.wins}/{counted_since.games})"
            )
    cycles = report["promotion_cycles_since_swap"]
    if swap and cycles != 0:
        problems.append(f"a swap starts the cycle count again at 0, not at {cycles}")
    elif not swap and cycles > cycles_since_swap + 1:
        problems.append(
            f"promotion_cycles_since_swap {cycles} skips cycles: the last event counted "
            f"{cycles_since_swap}, so this one is at most {cycles_since_swap + 1}"
        )
    return problems
