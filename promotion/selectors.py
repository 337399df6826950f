"""Reads of the promotion room: the baseline of the last swap and the tickers since it."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import QuerySet

from core.vocabulary import FALLBACK_SOURCE, MODEL_ERROR_SOURCE, PRODUCTION, SLOTS, B
from games.models import Game, Round
from promotion.counters import SlotTotals
from promotion.cycle import Counts
from promotion.guardrails import SlotHealth
from promotion.models import Decision, PromotionEvent
from promotion.replay import LedgerRow
from promotion.stats import Comparison
from training.models import AliasChange


@dataclass(frozen=True)
class LastSwap:
    """The swap that opened the current window, as a rollback check needs it."""

    event_id: int
    source: str
    was_rollback: bool
    promoted: int | None  # the version it put in Production
    demoted: int | None  # the version that held Production before it
    # The Production slot's games and wins in the window the swap closed: the demoted model's.
    window_production: Counts


@dataclass(frozen=True)
class Baseline:
    production: Counts
    b: Counts
    cycles_since_swap: int
    history: tuple[Comparison, ...]  # since-swap counts of every cycle after the swap
    since: datetime | None = None  # when the last swap was recorded (None: never swapped)
    swap: LastSwap | None = None  # the last swap and the window it closed (None: never swapped)


@dataclass(frozen=True)
class Tickers:
    production_since_swap: Counts
    b_since_swap: Counts
    cycles_since_swap: int


def baseline_get(*, family: str) -> Baseline:
    """The last swap event's raw counters (zero before any swap), the cycles since it, the
    since-swap counts recorded by every cycle after it, and the swap itself with the window it
    closed (read with the swap before it, in the same query)."""
    swaps = list(
        PromotionEvent.objects.filter(family=family, decision=Decision.SWAP).order_by(
            "-created_at", "-pk"
        )[:2]
    )
    swap, earlier = (swaps[0], swaps[1:]) if swaps else (None, [])
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
    if swap is None:
        return Baseline(production, b, cycles, history)
    window_start = (
        Counts(earlier[0].production_total_games, earlier[0].production_wins)
        if earlier
        else Counts()
    )
    closed = LastSwap(
        event_id=swap.pk,
        source=swap.source,
        was_rollback=swap.rolled_back_swap_id is not None,
        promoted=(swap.assignments_after or {}).get(PRODUCTION),
        demoted=(swap.assignments_before or {}).get(PRODUCTION),
        window_production=production - window_start,
    )
    return Baseline(production, b, cycles, history, swap.created_at, closed)


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


def srm_share(
    *, family: str, since: datetime | None, assignments: Mapping[str, int]
) -> float | None:
    """B's configured share of the window's games, when the window's split should match it;
    None when it need not: A/B testing is off, B holds no model, or B was empty for part of the
    window while games were played (they all went to Production, by design)."""
    share = settings.AB_B_SHARE
    if not settings.ENABLE_AB_TESTING or B not in assignments or not 0.0 < share < 1.0:
        return None
    changes = AliasChange.objects.filter(family=family, alias=B)
    if since is not None:
        changes = changes.filter(created_at__gt=since)
    if changes.filter(to_version__isnull=True).exists():
        return None
    filled = changes.filter(from_version__isnull=True).order_by("-created_at").first()
    if filled is not None:
        alone = Game.objects.filter(family=family, started_at__lt=filled.created_at)
        if since is not None:
            alone = alone.filter(started_at__gt=since)
        if alone.exists():
            return None
    return share


def ledger_rows(*, family: str) -> list[LedgerRow]:
    """The family's ledger, oldest first, as a replay reads it."""
    events = PromotionEvent.objects.filter(family=family).order_by("created_at", "pk")
    return [
        LedgerRow(
            event_id=event.pk,
            at=event.created_at,
            source=event.source,
            decision=event.decision,
            method=event.method,
            alpha=event.alpha,
            min_games=event.min_games,
            horizon_games=event.horizon_games,
            production=Counts(event.production_total_games, event.production_wins),
            b=Counts(event.b_total_games, event.b_wins),
            srm_mismatch=event.srm_mismatch,
            guardrail_held=any(verdict.get("held") for verdict in event.guardrails or []),
            b_held_a_model=(event.assignments_before or {}).get(B) is not None,
            production_version=(event.assignments_before or {}).get(PRODUCTION),
            b_version=(event.assignments_before or {}).get(B),
            rolled_back=event.rolled_back_swap_id is not None,
        )
        for event in events.only(
            "pk", "created_at", "source", "decision", "method", "alpha", "min_games",
            "horizon_games",
            "production_total_games", "production_wins", "b_total_games", "b_wins",
            "srm_mismatch", "guardrails", "assignments_before", "rolled_back_swap",
        )
    ]  # fmt: skip


def slot_health(*, family: str, since: datetime | None) -> dict[str, SlotHealth]:
    """How Production and B served lately: over each slot's latest games of the window (started
    after ``since``; PROMOTION_GUARDRAIL_RECENT_GAMES of them), the rounds a model was asked,
    those the fallback answered, those where the model failed, and the 99th percentile time to
    answer. Only timed rounds count (not gambits, imported games, or rounds stored before the
    time was kept), and not test games, as in the slot counters. A fixed number of games, so a
    cycle's cost does not grow with the rounds table (bench/promotion_cycle_benchmark.py holds
    this)."""
    health = {}
    for slot in SLOTS:
        games = Game.objects.filter(family=family, model_alias=slot, is_test=False)
        if since is not None:
            games = games.filter(started_at__gt=since)
        latest = games.order_by("-pk").values("pk")[: settings.PROMOTION_GUARDRAIL_RECENT_GAMES]
        answers = list(
            Round.objects.filter(game__in=latest, serving_ms__isnull=False).values_list(
                "serving_ms", "prediction_source"
            )
        )
        times = sorted(ms for ms, _ in answers if ms is not None)  # none is: filtered above
        fallbacks = sum(source == FALLBACK_SOURCE for _, source in answers)
        errors = sum(source == MODEL_ERROR_SOURCE for _, source in answers)
        # The nearest-rank 99th percentile.
        p99 = times[max(0, math.ceil(0.99 * len(times)) - 1)] if times else None
        health[slot] = SlotHealth(len(answers), fallbacks, p99, errors)
    return health
