"""The promotion cycle: per family, under a database lock, read the counters, decide, apply the
alias moves as one checked change, and write one ledger event.

Everything the cycle writes (the event, the alias moves, the audit rows) is in one transaction:
if any step fails, nothing of it stays, and a ``CycleFailure`` row and a metric say what failed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction

from core.errors import DomainError
from core.vocabulary import PRODUCTION, B
from promotion import metrics
from promotion.counters import slot_totals
from promotion.cycle import Counts, CycleInput, CycleOutcome, run_cycle
from promotion.guardrails import GuardrailLimits
from promotion.models import (
    LEDGER_FIELDS,
    CycleFailure,
    Decision,
    PromotionControl,
    PromotionEvent,
    Source,
)
from promotion.report_check import report_conflicts
from promotion.rollback import Probation, probation_after_swap
from promotion.selectors import LastSwap, baseline_get, slot_health, srm_share
from training.models import AliasChangeReason, ModelVersion, Stage
from training.registry import services as registry_services
from training.registry.selectors import alias_versions

logger = logging.getLogger("rpsweb.promotion")


@dataclass(frozen=True)
class CycleReport:
    family: str
    decision: str | None = None
    swapped: bool = False
    rolled_back: bool = False
    reorder_applied: bool = False
    event_id: int | None = None
    skipped: str | None = None
    failed: str | None = None
    reason: str = ""

    def summary(self) -> str:
        """The original system's one-line summary per family."""
        if self.skipped:
            return f"{self.family}: skipped ({self.skipped})"
        if self.failed:
            return f"{self.family}: failed ({self.failed})"
        return (
            f"{self.family}: decision={self.decision} swap={self.swapped} "
            f"reorder={self.reorder_applied}" + (" (a rollback)" if self.rolled_back else "")
        )


class CycleLocked(RuntimeError):
    pass


def _lock(family: str, *, wait: bool) -> PromotionControl:
    PromotionControl.objects.get_or_create(family=family)
    # skip_locked: a second cycle does not queue up behind the first, it skips and says so.
    control = (
        PromotionControl.objects.filter(family=family)
        .select_for_update(skip_locked=not wait)
        .first()
    )
    if control is None:
        raise CycleLocked(f"another promotion cycle of {family} is running")
    return control


def _accuracies(family: str, assignments: dict[str, int]) -> dict[int, float | None]:
    from training.lifecycle.accuracy import version_accuracies

    by_version = version_accuracies(family=family)
    return {version: by_version.get(version) for version in assignments.values()}


def _probation(swap: LastSwap | None) -> Probation | None:
    """The probation the last swap opened, if it did and it still runs."""
    if swap is None:
        return None
    return probation_after_swap(
        swap_event_id=swap.event_id,
        source=swap.source,
        was_rollback=swap.was_rollback,
        promoted=swap.promoted,
        demoted=swap.demoted,
        reference_games=swap.window_production.games,
        reference_wins=swap.window_production.wins,
        probation_games=settings.PROMOTION_ROLLBACK_PROBATION_GAMES,
    )


def _cycle_input(family: str) -> CycleInput:
    totals = slot_totals(family=family)
    baseline = baseline_get(family=family)
    assignments = alias_versions(family=family)
    health = slot_health(family=family, since=baseline.since)
    return CycleInput(
        family=family,
        production=Counts(totals[PRODUCTION].games, totals[PRODUCTION].bot_wins),
        b=Counts(totals[B].games, totals[B].bot_wins),
        baseline_production=baseline.production,
        baseline_b=baseline.b,
        cycles_since_swap=baseline.cycles_since_swap,
        assignments=assignments,
        accuracies=_accuracies(family, assignments),
        method=settings.PROMOTION_METHOD,
        alpha=settings.PROMOTION_ALPHA,
        min_games=settings.PROMOTION_MIN_GAMES,
        horizon_games=settings.PROMOTION_HORIZON_GAMES,
        history=baseline.history,
        b_share=srm_share(family=family, since=baseline.since, assignments=assignments),
        srm_alpha=settings.PROMOTION_SRM_ALPHA,
        production_health=health[PRODUCTION],
        b_health=health[B],
        guardrail_limits=GuardrailLimits(
            fallback_margin=settings.PROMOTION_GUARDRAIL_FALLBACK_MARGIN,
            latency_margin_ms=settings.PROMOTION_GUARDRAIL_LATENCY_MARGIN_MS,
            min_rounds=settings.PROMOTION_GUARDRAIL_MIN_ROUNDS,
            error_margin=settings.PROMOTION_GUARDRAIL_ERROR_MARGIN,
        ),
        probation=_probation(baseline.swap),
    )


def _event_fields(given: CycleInput, outcome: CycleOutcome) -> dict[str, Any]:
    test = outcome.test
    return {
        "family": given.family,
        "decision": outcome.decision,
        "method": given.method,
        "alpha": given.alpha,
        "min_games": given.min_games,
        "horizon_games": given.horizon_games,
        "z_statistic": test.z_statistic,
        "p_value": test.p_value,
        "always_valid_p_value": test.always_valid_p_value,
        "e_value": test.e_value,
        "srm_e_value": outcome.srm.e_value if outcome.srm else None,
        "srm_mismatch": bool(outcome.srm and outcome.srm.mismatch),
        "guardrails": [verdict.as_record() for verdict in outcome.guardrails],
        "rollback": outcome.rollback.as_record() if outcome.rollback else {},
        "production_wins": given.production.wins,
        "production_total_games": given.production.games,
        "b_wins": given.b.wins,
        "b_total_games": given.b.games,
        "production_games_since_swap": outcome.production_since_swap.games,
        "production_wins_since_swap": outcome.production_since_swap.wins,
        "b_games_since_swap": outcome.b_since_swap.games,
        "b_wins_since_swap": outcome.b_since_swap.wins,
        "promotion_cycles_since_swap": outcome.cycles_since_swap,
        "reorder_applied": outcome.reorder_applied,
        "alias_rankings": outcome.rankings,
        "alias_accuracies": {str(v): a for v, a in given.accuracies.items()},
        "assignments_before": outcome.assignments_before,
        "assignments_after": outcome.assignments_after,
        "reason": outcome.reason,
    }


def _apply_moves(family: str, outcome: CycleOutcome, event: PromotionEvent, actor: str) -> None:
    if not outcome.moves:
        return
    if outcome.rolled_back:
        reason = AliasChangeReason.ROLLBACK
    elif outcome.swapped:
        reason = AliasChangeReason.CYCLE_SWAP
    else:
        reason = AliasChangeReason.REORDER
    versions = {
        v.version: v
        for v in ModelVersion.objects.filter(
            family=family, version__in=[n for n in outcome.moves.values() if n is not None]
        )
    }
    registry_services.aliases_move(
        family=family,
        moves={
            alias: versions.get(n) if n is not None else None for alias, n in outcome.moves.items()
        },
        reason=reason,
        actor=actor,
        note=outcome.reason[:300],
        promotion_event_id=event.pk,
    )


def _reject_rolled_back(family: str, version_number: int, event: PromotionEvent) -> None:
    """The spec's lifecycle: a version clearly worse after enough games is rejected."""
    version = ModelVersion.objects.get(family=family, version=version_number)
    registry_services.version_stage_set(
        version=version,
        stage=Stage.REJECTED,
        reason=f"rolled back by promotion event {event.pk}: won clearly less often in "
        "Production than the model it replaced",
    )


def _record_failure(family: str, stage: str, error: Exception, source: str) -> None:
    CycleFailure.objects.create(
        family=family, stage=stage, error=f"{type(error).__name__}: {error}", source=source
    )
    metrics.PROMOTION_FAILURES.labels(model=family, stage=stage).inc()
    logger.error("promotion cycle failed", extra={"family": family, "stage": stage})


def cycle_run(
    *,
    family: str,
    source: str = Source.SCHEDULE,
    actor: str = "system:promotion",
    dry_run: bool = False,
    wait: bool = False,
) -> CycleReport:
    """One promotion cycle for ``family``. A second cycle started while one runs skips (or,
    with ``wait``, waits for it) and says so. ``dry_run`` decides and writes nothing."""
    stage = "lock"
    try:
        with transaction.atomic():
            control = _lock(family, wait=wait)
            if control.paused and not dry_run:
                return CycleReport(family, skipped=f"promotion paused by {control.changed_by}")
            stage = "decide"
            given = _cycle_input(family)
            outcome = run_cycle(given)
            report = CycleReport(
                family,
                decision=outcome.decision,
                swapped=outcome.swapped,
                rolled_back=outcome.rolled_back,
                reorder_applied=outcome.reorder_applied,
                reason=outcome.reason,
            )
            if dry_run:
                return report
            stage = "record"
            event = PromotionEvent.objects.create(
                **_event_fields(given, outcome),
                rolled_back_swap_id=(
                    outcome.rollback.swap_event_id
                    if outcome.rollback is not None and outcome.rolled_back
                    else None
                ),
                source=source,
                payload={"actor": actor, "moves": outcome.moves},
            )
            stage = "apply"
            _apply_moves(family, outcome, event, actor)
            if outcome.rollback is not None and outcome.rolled_back:
                _reject_rolled_back(family, outcome.rollback.promoted, event)
    except CycleLocked as error:
        return CycleReport(family, skipped=str(error))
    except Exception as error:  # whatever failed, nothing of the cycle stayed; say what
        try:
            _record_failure(family, stage, error, source)
        except DatabaseError:
            logger.exception("could not record the failed cycle", extra={"family": family})
        return CycleReport(family, failed=f"{stage}: {error}")
    metrics.PROMOTION_EVENTS.labels(model=family, decision=report.decision).inc()
    if report.reorder_applied:
        metrics.PROMOTION_REORDERS.labels(model=family).inc()
    if outcome.rolled_back:
        metrics.PROMOTION_ROLLBACKS.labels(model=family).inc()
        logger.warning("swap rolled back", extra={"family": family, "reason": report.reason})
    if outcome.srm is not None and outcome.srm.mismatch:
        metrics.PROMOTION_SRM_MISMATCHES.labels(model=family).inc()
        logger.warning("sample ratio mismatch", extra={"family": family, "reason": report.reason})
    logger.info("promotion cycle", extra={"family": family, "summary": report.summary()})
    return CycleReport(**{**report.__dict__, "event_id": event.pk})


def promotion_pause_set(*, family: str, paused: bool, actor: str) -> PromotionControl:
    with transaction.atomic():
        control, _ = PromotionControl.objects.get_or_create(family=family)
        control.paused = paused
        control.changed_by = actor
        control.save(update_fields=["paused", "changed_by", "updated_at"])
    return control


class ReportRefused(DomainError):
    """A report that would corrupt the promotion state (``promotion.report_check``)."""

    status_code = 400
    code = "report_refused"


def _report_conflicts(family: str, fields: dict[str, Any]) -> list[str]:
    totals = slot_totals(family=family)
    baseline = baseline_get(family=family)
    return report_conflicts(
        fields,
        counters={slot: Counts(totals[slot].games, totals[slot].bot_wins) for slot in totals},
        baseline={PRODUCTION: baseline.production, B: baseline.b},
        cycles_since_swap=baseline.cycles_since_swap,
        swap_decision=Decision.SWAP,
    )


def event_report_store(*, payload: dict[str, Any]) -> PromotionEvent:
    """Store an external promoter's (already validated) cycle report as a ledger event with
    source ``report``. It records what the promoter saw and decided; it moves no alias."""
    decision = Decision(payload["decision"])  # never anything but a test result, whoever asks
    fields = {name: payload[name] for name in LEDGER_FIELDS if name in payload}
    fields["decision"] = decision.value
    fields.setdefault("alpha", settings.PROMOTION_ALPHA)
    reason = str(payload.get("reason") or "").strip()
    fields["reason"] = reason or (
        f"Reported by an external promoter: {decision.label.lower()}"
        f"{', challengers re-ranked' if payload.get('reorder_applied') else ''}."
    )
    with transaction.atomic():
        # Under the family's cycle lock: no cycle may store an event between the check and this.
        _lock(fields["family"], wait=True)
        problems = _report_conflicts(fields["family"], fields)
        if problems:
            raise ReportRefused("; ".join(problems))
        event = PromotionEvent.objects.create(**fields, source=Source.REPORT, payload=payload)
    metrics.PROMOTION_EVENTS.labels(model=event.family, decision=event.decision).inc()
    if event.reorder_applied:
        metrics.PROMOTION_REORDERS.labels(model=event.family).inc()
    logger.info("promotion report stored", extra={"family": event.family, "event": event.pk})
    return event
