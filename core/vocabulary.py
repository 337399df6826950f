"""The names every room shares: model families and the bots that play them, registry aliases,
promotion slots, decisions and methods. Each is spelled here once; models build their choices
from these, and pure code (the engine, the statistics, the figures) imports them without Django.

Changing a value here changes stored data (rows, ledger entries, registry aliases): it needs a
data migration, not an edit."""

from __future__ import annotations

from typing import Final, Literal

# --- families and bots ----------------------------------------------------------------------

FEEDFORWARD: Final = "feedforward"
XGBOOST: Final = "xgboost"
MNLOGIT: Final = "mnlogit"

# Each bot (the name a player picks) is played by one model family.
FAMILY_BY_POLICY: Final[dict[str, str]] = {
    "brian": FEEDFORWARD,
    "forrest": XGBOOST,
    "logan": MNLOGIT,
}
POLICY_BY_FAMILY: Final[dict[str, str]] = {
    family: policy for policy, family in FAMILY_BY_POLICY.items()
}
FAMILIES: Final[tuple[str, ...]] = tuple(POLICY_BY_FAMILY)


def registered_model_name(family: str) -> str:
    """The model registry's name for a family: ``rps_bot_xgboost`` and so on."""
    return f"rps_bot_{family}"


# --- registry aliases and promotion slots ---------------------------------------------------

PRODUCTION: Final = "Production"
B: Final = "B"
SHADOW1: Final = "shadow1"
SHADOW2: Final = "shadow2"
# In this order everywhere they are listed: Production first, then the challengers by rank.
ALIASES: Final[tuple[str, ...]] = (PRODUCTION, B, SHADOW1, SHADOW2)
CHALLENGERS: Final[tuple[str, ...]] = (B, SHADOW1, SHADOW2)
# The two aliases that play the public and are compared by the promotion test.
SLOTS: Final[tuple[str, ...]] = (PRODUCTION, B)

# --- promotion decisions and methods --------------------------------------------------------

DecisionValue = Literal["swap_production_b", "retain_production", "insufficient_data"]
SWAP: Final[DecisionValue] = "swap_production_b"
RETAIN: Final[DecisionValue] = "retain_production"
INSUFFICIENT: Final[DecisionValue] = "insufficient_data"
DECISIONS: Final[tuple[DecisionValue, ...]] = (SWAP, RETAIN, INSUFFICIENT)

Method = Literal["point", "ztest", "sequential"]
POINT: Final[Method] = "point"
ZTEST: Final[Method] = "ztest"
SEQUENTIAL: Final[Method] = "sequential"
METHODS: Final[tuple[Method, ...]] = (POINT, ZTEST, SEQUENTIAL)

# Who started a ledger event: the schedule, someone on demand, or an external promoter's report
# (which records a decision but moves no alias here).
SCHEDULE_SOURCE: Final = "schedule"
MANUAL_SOURCE: Final = "manual"
REPORT_SOURCE: Final = "report"

# --- where a round's prediction came from (Round.prediction_source) ---------------------------

MODEL_SOURCE: Final = "model"
# The uniform stand-in when the pinned model cannot be had: promotion's guardrail counts it.
FALLBACK_SOURCE: Final = "fallback"
# The uniform stand-in when the pinned model was had but failed while answering (it raised):
# the game goes on, and promotion's error-rate guardrail counts it.
MODEL_ERROR_SOURCE: Final = "model_error"
