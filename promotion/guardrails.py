"""Guardrails: a B that wins more often is still not promoted when it serves worse than
Production, however significant its lead. Each guardrail compares the two slots on the games
of the window (since the last swap) and holds when B is worse than Production by more than its
margin. Pure, no Django: the figures come in, the verdicts go out.

- fallback rate: the share of B's model rounds answered by the uniform fallback (a version
  that cannot be loaded, or fails on some rows, plays at random and wins by luck only);
- serving latency: B's 99th percentile time to answer a round, in milliseconds.

A guardrail with too few of B's rounds to judge does not hold: it says so instead."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

FALLBACK_RATE = "fallback_rate"
LATENCY_P99 = "serving_latency_p99"


@dataclass(frozen=True, slots=True)
class SlotHealth:
    """How a slot served in the window: the rounds a model was asked (and timed), those the
    fallback answered, and the 99th percentile of the time to answer."""

    rounds: int = 0
    fallbacks: int = 0
    p99_ms: float | None = None

    @property
    def fallback_rate(self) -> float | None:
        return self.fallbacks / self.rounds if self.rounds else None


@dataclass(frozen=True, slots=True)
class GuardrailLimits:
    fallback_margin: float  # how many points of fallback rate B may exceed Production's by
    latency_margin_ms: float  # how many milliseconds of p99 B may exceed Production's by
    min_rounds: int  # B's rounds in the window needed to judge


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


def _fallback(production: SlotHealth, b: SlotHealth, limits: GuardrailLimits) -> GuardrailVerdict:
    mine, theirs = b.fallback_rate, production.fallback_rate
    margin = limits.fallback_margin
    if b.rounds < limits.min_rounds or mine is None:
        return GuardrailVerdict(
            FALLBACK_RATE, False, theirs, mine, margin,
            f"fallback rate not judged: B has {b.rounds} model rounds, {limits.min_rounds} needed",
        )  # fmt: skip
    baseline = theirs or 0.0
    held = mine > baseline + margin
    return GuardrailVerdict(
        FALLBACK_RATE, held, theirs, mine, margin,
        f"B's fallback rate {mine:.1%} against Production's {baseline:.1%} "
        f"(margin {margin:.1%}): {'held, B serves worse' if held else 'clear'}",
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
    return (_fallback(production, b, limits), _latency(production, b, limits))


def held(verdicts: tuple[GuardrailVerdict, ...]) -> list[GuardrailVerdict]:
    return [verdict for verdict in verdicts if verdict.held]
