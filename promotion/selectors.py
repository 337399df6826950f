"""Reads of the promotion room: the baseline of the last swap and the tickers since it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from core.vocabulary import PRODUCTION, B
from promotion.counters import SlotTotals
from promotion.cycle import Counts
from promotion.models import Decision, PromotionEvent
from promotion.stats import Comparison


@dataclass(frozen=True)
class Baseline:
    production: Counts
    b: Counts
    cycles_since_swap: int
    history: tuple[Comparison, ...]  # since-swap counts of every cycle after the swap


@dataclass(frozen=True)
class Tickers:
    production_since_swap: Counts
    b_since_swap: Counts
    cycles_since_swap: int


def baseline_get(*, family: str) -> Baseline:
    """The last swap event's raw counters (zero before any swap), the cycles since it, and the
    since-swap counts recorded by every cycle after it."""
    swap = (
        PromotionEvent.objects.filter(family=family, decision=Decision.SWAP)
        .order_by("-created_at", "-pk")
        .first()
    )
    since = PromotionEvent.objects.filter(family=family)
    if swap is not None:
        since = since.filter(pk__gt=swap.pk)
        production = Counts(swap.production_total_games, swap.production_wins)
        b = Counts(swap.b_total_games, swap.b_wins)
    else:
        production = b = Counts()
    last = PromotionEvent.objects.filter(family=family).order_by("-created_at", "-pk").first()
    history = tuple(
        Comparison(production_games=pg, production_wins=pw, b_games=bg, b_wins=bw)
        for pg, pw, bg, bw in since.order_by("pk").values_list(
            "production_games_since_swap",
            "production_wins_since_swap",
            "b_games_since_swap",
            "b_wins_since_swap",
        )
    )
    cycles = last.promotion_cycles_since_swap if last is not None else 0
    return Baseline(production, b, cycles, history)


def ticker_snapshot(*, family: str, totals: dict[str, SlotTotals]) -> Tickers:
    """The tickers as they stand now: live counters minus the baseline."""
    baseline = baseline_get(family=family)
    production = Counts(totals[PRODUCTION].games, totals[PRODUCTION].bot_wins)
    b = Counts(totals[B].games, totals[B].bot_wins)
    return Tickers(production - baseline.production, b - baseline.b, baseline.cycles_since_swap)


def events_filter(
    *,
    family: str | None = None,
    decision: str | None = None,
    reorder_applied: bool | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[PromotionEvent]:
    """The ledger, newest first, narrowed by whichever filters are given (times inclusive)."""
    events = PromotionEvent.objects.order_by("-created_at", "-pk")
    if family:
        events = events.filter(family=family)
    if decision:
        events = events.filter(decision=decision)
    if reorder_applied is not None:
        events = events.filter(reorder_applied=reorder_applied)
    if since is not None:
        events = events.filter(created_at__gte=since)
    if until is not None:
        events = events.filter(created_at__lte=until)
    return events
