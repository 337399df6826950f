"""Plain-language explanation of a promotion event, around the test's own sentence.

The ledger's ``reason`` says what the test saw and concluded ("B won 25 of 30 games (83%)
against Production's 13 of 16 (81%); z = 0.18, p = 0.43 → keep Production"). A reader also
needs to know since when those games were counted, what the decision did to the tickers, and
which aliases moved. Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from core.vocabulary import ALIASES, INSUFFICIENT, PRODUCTION, RETAIN, SWAP

_HEADLINES: dict[str, str] = {
    SWAP: "B beat Production: the two models swapped aliases and the tickers restarted at zero.",
    RETAIN: "Production kept its alias: the test did not show B winning more often.",
    INSUFFICIENT: "No decision yet: too few games since the swap to compare the slots.",
}
_SAMPLE_RATIO_MISMATCH = (
    "No decision: the games since the swap were not split between Production and B as "
    "configured (a sample ratio mismatch), so comparing their win rates would mislead. Nothing "
    "swaps until the cause is found and a new window starts."
)


@dataclass(frozen=True, slots=True)
class AliasMove:
    alias: str
    before: int | None
    after: int | None

    def __str__(self) -> str:
        return f"{self.alias}: {_version(self.before)} → {_version(self.after)}"


@dataclass(frozen=True, slots=True)
class Explanation:
    headline: str
    counted_since: str  # "since the swap on 2025-10-19 22:37 UTC" or "since the first cycle"
    reason: str  # the test's sentence, as recorded
    reorder: str
    moves: tuple[AliasMove, ...]

    @property
    def text(self) -> str:
        return f"{self.headline} Counted {self.counted_since}: {self.reason}. {self.reorder}"


def _version(number: int | None) -> str:
    return "empty" if number is None else f"v{number}"


def _headline(
    decision: str,
    srm_mismatch: bool,
    guardrails_held: Sequence[str],
    rolled_back: Mapping[str, Any] | None,
) -> str:
    if rolled_back:
        new, old = _version(rolled_back.get("promoted")), _version(rolled_back.get("demoted"))
        return (
            f"Rolled back: the model the last swap promoted ({new}) won clearly less often in "
            f"Production than the one it replaced ({old}) had, so {old} is Production again, "
            f"{new} is rejected, and the tickers restarted at zero."
        )
    if srm_mismatch:
        return _SAMPLE_RATIO_MISMATCH
    if guardrails_held and decision == RETAIN:
        names = " and ".join(name.replace("_", " ") for name in guardrails_held)
        return (
            f"Production kept its alias although B won more often: B serves worse ({names}), "
            "and a guardrail blocks promoting a model that serves worse."
        )
    return _HEADLINES.get(decision, f"Decision: {decision}.")


def format_time(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def alias_moves(
    before: Mapping[str, int | None], after: Mapping[str, int | None]
) -> tuple[AliasMove, ...]:
    """Aliases whose version differs between two assignments, in serving order."""
    known = [a for a in ALIASES if a in before or a in after]
    extra = sorted((set(before) | set(after)) - set(ALIASES))
    return tuple(
        AliasMove(alias, before.get(alias), after.get(alias))
        for alias in (*known, *extra)
        if before.get(alias) != after.get(alias)
    )


def explain_event(
    *,
    decision: str,
    reorder_applied: bool,
    reason: str,
    previous_swap_at: datetime | None,
    assignments_before: Mapping[str, int | None],
    assignments_after: Mapping[str, int | None],
    srm_mismatch: bool = False,
    guardrails_held: Sequence[str] = (),
    rolled_back: Mapping[str, Any] | None = None,
) -> Explanation:
    """The explanation of one event; ``previous_swap_at`` is the swap that opened the window
    the event's test looked at (None when the family had not swapped before), ``srm_mismatch``
    whether the event found the window's split off its configured share, ``rolled_back`` the
    rollback check that undid the last swap (None: the event is no rollback)."""
    moves = alias_moves(assignments_before, assignments_after)
    challenger_moves = [m for m in moves if m.alias != PRODUCTION]
    if reorder_applied:
        listed = ", ".join(str(m) for m in challenger_moves) or "no alias recorded"
        reorder = (
            f"Challengers were re-ranked by accuracy ({listed}); a re-ranking never resets "
            "the tickers."
        )
    else:
        reorder = "No challenger moved."
    counted_since = (
        f"since the swap on {format_time(previous_swap_at)}"
        if previous_swap_at is not None
        else "since the first cycle (no swap before)"
    )
    return Explanation(
        headline=_headline(decision, srm_mismatch, guardrails_held, rolled_back),
        counted_since=counted_since,
        reason=reason.rstrip(". "),
        reorder=reorder,
        moves=moves,
    )


class RecordedEvent(Protocol):
    """What a ledger row (``PromotionEvent``) offers to be explained."""

    @property
    def decision(self) -> str: ...
    @property
    def reorder_applied(self) -> bool: ...
    @property
    def reason(self) -> str: ...
    @property
    def assignments_before(self) -> Any: ...
    @property
    def assignments_after(self) -> Any: ...
    @property
    def srm_mismatch(self) -> bool: ...
    @property
    def guardrails(self) -> Any: ...
    @property
    def rollback(self) -> Any: ...
    @property
    def rolled_back_swap_id(self) -> int | None: ...


def explain_recorded(event: RecordedEvent, *, previous_swap_at: datetime | None) -> Explanation:
    """The explanation of a recorded event, as the dashboards and admin show it."""
    return explain_event(
        decision=event.decision,
        reorder_applied=event.reorder_applied,
        reason=event.reason,
        previous_swap_at=previous_swap_at,
        assignments_before=event.assignments_before or {},
        assignments_after=event.assignments_after or {},
        srm_mismatch=event.srm_mismatch,
        guardrails_held=[v["name"] for v in event.guardrails or [] if v.get("held")],
        rolled_back=event.rollback if event.rolled_back_swap_id is not None else None,
    )
