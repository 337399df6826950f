"""Reads for the alias timeline and model pages. Every read is one query over small tables
(versions, alias changes, counters, promotion events); none touches games or rounds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Sum

from core.vocabulary import ALIASES, SLOTS
from dashboards.figures.gates import VersionGates
from dashboards.figures.models import (
    AliasMove,
    AliasStatus,
    CycleAccuracies,
    VersionSlotRow,
)
from promotion.models import PromotionEvent, SlotCounter, VersionSlotCounter
from training.models import AliasAssignment, AliasChange, ChallengerAccuracy, ModelVersion

# Enough history for a readable chart; older cycles and versions stay in the API and admin.
MAX_CYCLES = 1000
MAX_VERSIONS = 40
AUDIT_ROWS = 200


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    alias: str
    from_version: int | None
    to_version: int | None
    reason: str
    reason_label: str
    actor: str
    note: str
    promotion_event_id: int | None


def alias_moves(*, family: str) -> list[AliasMove]:
    """The family's whole alias audit trail, oldest first."""
    return [
        AliasMove(alias, from_v, to_v, at)
        for alias, from_v, to_v, at in AliasChange.objects.filter(family=family)
        .order_by("created_at", "pk")
        .values_list("alias", "from_version__version", "to_version__version", "created_at")
    ]


def current_holders(*, family: str) -> dict[str, tuple[int, datetime]]:
    return {
        alias: (version, assigned_at)
        for alias, version, assigned_at in AliasAssignment.objects.filter(
            family=family
        ).values_list("alias", "version__version", "assigned_at")
    }


def alias_audit(*, family: str, limit: int = AUDIT_ROWS) -> list[AuditRow]:
    """The newest alias changes first, for the audit table."""
    labels = dict(AliasChange._meta.get_field("reason").choices or [])
    rows = (
        AliasChange.objects.filter(family=family)
        .order_by("-created_at", "-pk")
        .values_list(
            "created_at",
            "alias",
            "from_version__version",
            "to_version__version",
            "reason",
            "actor",
            "note",
            "promotion_event_id",
        )[:limit]
    )
    return [
        AuditRow(at, alias, from_v, to_v, reason, str(labels.get(reason, reason)), actor, note, ev)
        for at, alias, from_v, to_v, reason, actor, note, ev in rows
    ]


def version_slot_rows(*, family: str) -> list[VersionSlotRow]:
    return [
        VersionSlotRow(version, slot, games, wins, losses)
        for version, slot, games, wins, losses in VersionSlotCounter.objects.filter(
            family=family
        ).values_list("version", "slot", "games", "bot_wins", "losses")
    ]


def slot_totals(*, family: str) -> list[VersionSlotRow]:
    """The slot view (all difficulties), shaped like the per-version rows with no version."""
    rows = (
        SlotCounter.objects.filter(family=family)
        .values("slot")
        .annotate(g=Sum("games"), w=Sum("bot_wins"), lost=Sum("losses"))
        .order_by("slot")
    )
    by_slot = {row["slot"]: row for row in rows}
    return [
        VersionSlotRow(
            "",
            slot,
            by_slot.get(slot, {}).get("g") or 0,
            by_slot.get(slot, {}).get("w") or 0,
            by_slot.get(slot, {}).get("lost") or 0,
        )
        for slot in SLOTS
    ]


def cycle_accuracies(*, family: str, limit: int = MAX_CYCLES) -> list[CycleAccuracies]:
    """The accuracies each recent promotion cycle saw, oldest first. A cycle scores the
    versions that held the aliases *before* it moved anything."""
    rows = list(
        PromotionEvent.objects.filter(family=family)
        .order_by("-created_at", "-pk")
        .values_list("created_at", "alias_accuracies", "assignments_before")[:limit]
    )
    rows.reverse()
    return [
        CycleAccuracies(
            at=at,
            accuracies={str(k): v for k, v in (accuracies or {}).items()},
            assignments={
                alias: (int(v) if isinstance(v, int | str) and str(v).isdigit() else None)
                for alias, v in (assignments or {}).items()
            },
        )
        for at, accuracies, assignments in rows
    ]


@dataclass(frozen=True)
class AccuracyRow:
    alias: str
    version: int
    rounds: int
    correct: int
    current: bool

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.rounds if self.rounds else None


def accuracy_table(*, family: str) -> list[AccuracyRow]:
    """Every (alias, version) record of challenger accuracy, marking the current holders."""
    held = {(a, v) for a, (v, _) in current_holders(family=family).items()}
    return [
        AccuracyRow(alias, version, rounds, correct, (alias, version) in held)
        for alias, version, rounds, correct in ChallengerAccuracy.objects.filter(family=family)
        .order_by("alias", "-version__version")
        .values_list("alias", "version__version", "rounds", "correct")
    ]


def alias_statuses(*, family: str, now: datetime) -> list[AliasStatus]:
    rows = AliasAssignment.objects.filter(family=family).values_list(
        "alias",
        "version__version",
        "version__stage",
        "version__gates_passed",
        "version__created_at",
        "assigned_at",
    )
    order = ALIASES
    statuses = [
        AliasStatus(
            alias, version, stage, passed, created, assigned, (now - created).total_seconds()
        )
        for alias, version, stage, passed, created, assigned in rows
    ]
    return sorted(statuses, key=lambda s: order.index(s.alias) if s.alias in order else 9)


def version_gates(*, family: str, limit: int = MAX_VERSIONS) -> list[VersionGates]:
    """The newest versions' stage and stored gate results."""
    return [
        VersionGates(version, stage, passed, results or {})
        for version, stage, passed, results in ModelVersion.objects.filter(family=family)
        .order_by("-version")
        .values_list("version", "stage", "gates_passed", "gate_results")[:limit]
    ]
