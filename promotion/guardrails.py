"""Guardrails: a B that wins more often is still not promoted when it serves worse than
Production, however significant its lead. Each guardrail compares the two slots on the games
of the window (since the last swap) and holds when B is worse than Production by more than its
margin. Pure, no Django: the figures come in, the verdicts go out.

- fallback rate: the share of B's model rounds answered by the uniform fallback (a version
  that cannot be loaded, or fails on some rows, plays at random and wins by luck only);
- error rate: the share of B's model rounds where the model, loaded, failed while answering
  (it raised; the round was answered uniformly so that the game went on);
- serving latency: B's 99th percentile time to answer a round, in milliseconds.

A guardrail with too few of B's rounds to judge does not hold: it says so instead."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

FALLBACK_RATE = "fallback_rate"
ERROR_RATE = "error_rate"
LATENCY_P99 = "serving_latency_p99"


@dataclass(frozen=True, slots=True)
class SlotHealth:
    """How a slot served in the window: the rounds a model was asked (and timed), those the
    fallback answered, and the 99th percentile of the time to answer."""

    rounds: int = 0
    fallbacks: int = 0
    p99_ms: float | None = None
    errors: int = 0

    @property
    def fallback_rate(self) -> float | None:
        return self.fallbacks / self.rounds if self.rounds else None

    @property
    def error_rate(self) -> float | None:
        return self.errors / self.rounds if self.rounds else None


@dataclass(frozen=True, slots=True)
class GuardrailLimits:
    fallback_margin: float  # how many points of fallback rate B may exceed Production's by
    latency_margin_ms: float  # how many milliseconds of p99 B may exceed Production's by
    min_rounds: int  # B's rounds in the window needed to judge
    error_margin: float = 0.01  # how many points of error rate B may exceed Production's by


@dataclass(frozen=True, slots=True)
class GuardrailVerdict:
    name: str
    held: bool
    production: float | None
    b: float | None
    margin: float
    explanation: str

    def as_record(self) -> dict[str, Any]:
        return asdict(self)


def _rate(
    name: str,
    what: str,
    mine: float | None,
    theirs: float | None,
    b_rounds: int,
    margin: float,
    min_rounds: int,
) -> GuardrailVerdict:
    """A guardrail on a share of B's model rounds (fallbacks, errors) against Production's."""
    if b_rounds < min_rounds or mine is None:
        return GuardrailVerdict(
            name, False, theirs, mine, margin,
            f"{what} not judged: B has {b_rounds} model rounds, {min_rounds} needed",
        )  # fmt: skip
    baseline = theirs or 0.0
    held = mine > baseline + margin
    return GuardrailVerdict(
        name, held, theirs, mine, margin,
        f"B's {what} {mine:.1%} against Production's {baseline:.1%} "
        f"(margin {margin:.1%}): {'held, B serves worse' if held else 'clear'}",
    )  # fmt: skip


def _fallback(production: SlotHealth, b: SlotHealth, limits: GuardrailLimits) -> GuardrailVerdict:
    return _rate(
        FALLBACK_RATE, "fallback rate", b.fallback_rate, production.fallback_rate, b.rounds,
        limits.fallback_margin, limits.min_rounds,
    )  # fmt: skip


def _errors(production: SlotHealth, b: SlotHealth, limits: GuardrailLimits) -> GuardrailVerdict:
    return _rate(
        ERROR_RATE, "error rate", b.error_rate, production.error_rate, b.rounds,
        limits.error_margin, limits.min_rounds,
    )  # fmt: skip


def _latency(production: SlotHealth, b: SlotHealth, limits: GuardrailLimits) -> GuardrailVerdict:
    mine, theirs = b.p99_ms, production.p99_ms
    margin = limits.latency_margin_ms
    if b.rounds < limits.min_rounds or mine is None or theirs is None:
        return GuardrailVerdict(
            LATENCY_P99, False, theirs, mine, margin,
            f"serving latency not judged: B has {b.rounds} timed rounds, "
            f"{limits.min_rounds} needed, and Production needs some",
        )  # fmt: skip
    held = mine > theirs + margin
    return GuardrailVerdict(
        LATENCY_P99, held, theirs, mine, margin,
        f"B's p99 serving time {mine:.1f} ms against Production's {theirs:.1f} ms "
        f"(margin {margin:.0f} ms): {'held, B serves slower' if held else 'clear'}",
    )  # fmt: skip


def guardrails_check(
    production: SlotHealth, b: SlotHealth, limits: GuardrailLimits
) -> tuple[GuardrailVerdict, ...]:
    """Every guardrail's verdict on the window, in a fixed order."""
    return (
        _fallback(production, b, limits),
        _errors(production, b, limits),
        _latency(production, b, limits),
    )


def held(verdicts: tuple[GuardrailVerdict, ...]) -> list[GuardrailVerdict]:
    return [verdict for verdict in verdicts if verdict.held]
