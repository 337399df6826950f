"""Reads behind the promotion dashboards. Counts come from the slot counters and the ledger,
never from rounds, so a page costs the same few queries with a million rounds; ledger series
are bounded to the latest events."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import OuterRef, QuerySet, Subquery
from django.forms.models import model_to_dict
from django.utils import timezone

from core.vocabulary import FAMILIES
from dashboards.figures.promotion import EVENT_POINT_FIELDS, EventPoint
from games.models import ModelAlias
from promotion.counters import slot_totals
from promotion.models import Decision, PromotionControl, PromotionEvent
from promotion.selectors import Tickers, events_filter, ticker_snapshot
from training.models import AliasAssignment, AliasChange

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# The figures draw at most this many events per page: a few months of half-hourly cycles.
MAX_SERIES_EVENTS = 2000
ALIASES: tuple[str, ...] = tuple(alias.value for alias in ModelAlias)


class PreviousSwap(TypedDict):
    previous_swap_at: datetime | None


@dataclass(frozen=True, slots=True)
class AliasRow:
    alias: str
    version: int | None
    stage: str
    gates_passed: bool | None
    assigned_at: datetime | None
    registered_at: datetime | None
    age: timedelta | None  # since the version was registered

    @property
    def status(self) -> str:
        # Whether the artifact loads is known to the serving processes only; the mirror can
        # say whether the alias points at a version at all.
        return "ok" if self.version is not None else "missing"


@dataclass(frozen=True)
class FamilyOverview:
    family: str
    aliases: list[AliasRow]
    tickers: Tickers
    last_event: WithAnnotations[PromotionEvent, PreviousSwap] | None
    paused: bool
    paused_by: str


@dataclass(frozen=True, slots=True)
class Series:
    points: list[EventPoint]
    truncated: bool  # older events exist beyond the limit


def alias_rows(*, family: str, now: datetime | None = None) -> list[AliasRow]:
    now = now or timezone.now()
    held = {
        a.alias: a for a in AliasAssignment.objects.filter(family=family).select_related("version")
    }
    rows = []
    for alias in ALIASES:
        assignment = held.get(alias)
        if assignment is None:
            rows.append(AliasRow(alias, None, "", None, None, None, None))
            continue
        version = assignment.version
        rows.append(
            AliasRow(
                alias=alias,
                version=version.version,
                stage=version.stage,
                gates_passed=version.gates_passed,
                assigned_at=assignment.assigned_at,
                registered_at=version.created_at,
                age=now - version.created_at,
            )
        )
    return rows


def last_event(*, family: str) -> WithAnnotations[PromotionEvent, PreviousSwap] | None:
    """The family's latest event, annotated with ``previous_swap_at`` for its explanation."""
    events = with_previous_swap(PromotionEvent.objects.filter(family=family))
    return events.order_by("-created_at", "-pk").first()


def family_overview(*, family: str) -> FamilyOverview:
    """The alias map, the tickers as /metrics exports them, the last decision, the pause."""
    control = PromotionControl.objects.filter(family=family).first()
    return FamilyOverview(
        family=family,
        aliases=alias_rows(family=family),
        tickers=ticker_snapshot(family=family, totals=slot_totals(family=family)),
        last_event=last_event(family=family),
        paused=bool(control and control.paused),
        paused_by=control.changed_by if control else "",
    )


def families_overview() -> list[FamilyOverview]:
    return [family_overview(family=family) for family in FAMILIES]


def _points(rows: Iterable[dict[str, Any]]) -> list[EventPoint]:
    return [EventPoint(**row) for row in rows]


def event_points(events: QuerySet[PromotionEvent], *, limit: int | None = None) -> Series:
    """The latest ``limit`` (default MAX_SERIES_EVENTS) events as figure points, oldest first."""
    limit = MAX_SERIES_EVENTS if limit is None else limit
    rows = list(events.order_by("-created_at", "-pk").values(*EVENT_POINT_FIELDS)[: limit + 1])
    truncated = len(rows) > limit
    return Series(points=_points(reversed(rows[:limit])), truncated=truncated)


def family_series(*, family: str, limit: int | None = None) -> Series:
    return event_points(PromotionEvent.objects.filter(family=family), limit=limit)


# --- the decision ledger -------------------------------------------------------------------


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _day_end(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def events_filtered(
    *,
    family: str | None = None,
    decision: str | None = None,
    reorder_applied: bool | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[PromotionEvent]:
    """Events matching the filters, newest first; the dates are whole days, both included."""
    return events_filter(
        family=family,
        decision=decision,
        reorder_applied=reorder_applied,
        since=_day_start(date_from) if date_from is not None else None,
        until=_day_end(date_to) if date_to is not None else None,
    )


def with_previous_swap(
    events: QuerySet[PromotionEvent],
) -> QuerySet[WithAnnotations[PromotionEvent, PreviousSwap]]:
    """Annotate each event with the time of the swap that opened the window it tested."""
    previous = PromotionEvent.objects.filter(
        family=OuterRef("family"), decision=Decision.SWAP, pk__lt=OuterRef("pk")
    ).order_by("-pk")
    return events.annotate(previous_swap_at=Subquery(previous.values("created_at")[:1]))


@dataclass(frozen=True)
class EventDetail:
    event: PromotionEvent
    previous_swap: PromotionEvent | None
    alias_changes: list[AliasChange]
    as_json: str


def _event_json(event: PromotionEvent) -> str:
    data = model_to_dict(event)
    data["id"] = event.pk
    data["created_at"] = event.created_at.isoformat()
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str)


def event_detail(*, pk: int) -> EventDetail | None:
    event = PromotionEvent.objects.filter(pk=pk).first()
    if event is None:
        return None
    previous_swap = (
        PromotionEvent.objects.filter(family=event.family, decision=Decision.SWAP, pk__lt=pk)
        .order_by("-pk")
        .first()
    )
    changes = list(
        AliasChange.objects.filter(promotion_event_id=pk)
        .select_related("from_version", "to_version")
        .order_by("pk")
    )
    return EventDetail(event, previous_swap, changes, _event_json(event))


@dataclass(frozen=True, slots=True)
class AssignmentRow:
    alias: str
    before: Any
    after: Any

    @property
    def moved(self) -> bool:
        return self.before != self.after


def assignment_rows(before: dict[str, Any], after: dict[str, Any]) -> list[AssignmentRow]:
    """Before and after side by side per alias, in serving order, unknown aliases last."""
    names = [a for a in ALIASES if a in before or a in after]
    names += sorted((set(before) | set(after)) - set(ALIASES))
    return [AssignmentRow(alias, before.get(alias), after.get(alias)) for alias in names]
