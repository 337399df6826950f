"""The guardrails: each holds when B serves worse than Production by more than its margin,
stays clear within it, and says it did not judge when B has too few rounds to judge."""

from __future__ import annotations

from promotion.guardrails import (
    ERROR_RATE,
    FALLBACK_RATE,
    LATENCY_P99,
    GuardrailLimits,
    SlotHealth,
    guardrails_check,
    held,
)

LIMITS = GuardrailLimits(fallback_margin=0.02, latency_margin_ms=25.0, min_rounds=50)
HEALTHY = SlotHealth(rounds=1_000, fallbacks=10, p99_ms=20.0)


def _verdict(b: SlotHealth, name: str, production: SlotHealth = HEALTHY):
    return next(v for v in guardrails_check(production, b, LIMITS) if v.name == name)


def test_a_b_that_falls_back_far_more_often_is_held() -> None:
    verdict = _verdict(SlotHealth(200, 20, 20.0), FALLBACK_RATE)

    assert verdict.held
    assert "10.0%" in verdict.explanation and "1.0%" in verdict.explanation


def test_a_fallback_rate_within_the_margin_is_clear() -> None:
    assert not _verdict(SlotHealth(200, 5, 20.0), FALLBACK_RATE).held


def test_a_b_whose_model_fails_far_more_often_is_held() -> None:
    verdict = _verdict(SlotHealth(200, 0, 20.0, errors=8), ERROR_RATE)

    assert verdict.held
    assert "error rate 4.0%" in verdict.explanation and "0.0%" in verdict.explanation
    # The errors are the error guardrail's: the fallback rate is clear.
    assert not _verdict(SlotHealth(200, 0, 20.0, errors=8), FALLBACK_RATE).held


def test_an_error_rate_within_the_margin_is_clear() -> None:
    assert not _verdict(SlotHealth(200, 0, 20.0, errors=1), ERROR_RATE).held


def test_a_b_that_answers_far_slower_is_held() -> None:
    verdict = _verdict(SlotHealth(200, 0, 80.0), LATENCY_P99)

    assert verdict.held
    assert "80.0 ms" in verdict.explanation and "20.0 ms" in verdict.explanation


def test_a_latency_within_the_margin_is_clear() -> None:
    assert not _verdict(SlotHealth(200, 0, 40.0), LATENCY_P99).held


def test_too_few_rounds_are_not_judged_and_hold_nothing() -> None:
    verdicts = guardrails_check(HEALTHY, SlotHealth(10, 10, 900.0, errors=10), LIMITS)

    assert held(verdicts) == [] and len(verdicts) == 3
    assert all("not judged" in v.explanation for v in verdicts)


def test_a_production_without_fallbacks_counts_as_zero() -> None:
    production = SlotHealth(rounds=0, fallbacks=0, p99_ms=None)

    assert _verdict(SlotHealth(200, 20, 20.0), FALLBACK_RATE, production).held
