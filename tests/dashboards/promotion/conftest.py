"""A populated promotion ledger for the dashboard tests.

xgboost replays the table of promotion-review.md around its 22:37:44 swap, with an earlier swap
as the baseline (Production 9 of 11, B 13 of 17), re-rankings before and after the swap, and
two games played through the real play service on top of the raw counters. mnlogit has one
z-test event, only a Production version, and promotion paused. feedforward has nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from games.models import Game
from promotion.models import PromotionControl, PromotionEvent, SlotCounter
from tests.factories import finished_game
from tests.promotion.conftest import cycled_ledger, four_aliases  # noqa: F401  (fixtures)
from tests.registry.conftest import (  # noqa: F401  (fixtures, used by name)
    empty_mlflow_db,
    mlflow_store,
    registered_version,
    tiny_models,
)
from training.models import AliasAssignment, AliasChange, ModelVersion

XGB = "xgboost"
MNL = "mnlogit"
EMPTY = "feedforward"
ALIASES = ("Production", "B", "shadow1", "shadow2")


def at(hhmmss: str, day: int = 19) -> datetime:
    hour, minute, second = (int(part) for part in hhmmss.split(":"))
    return datetime(2025, 10, day, hour, minute, second, tzinfo=UTC)


def assign(p: int, b: int, s1: int, s2: int) -> dict[str, int]:
    return dict(zip(ALIASES, (p, b, s1, s2), strict=True))


# label, time, decision, reorder, raw P (games, wins), raw B, since P, since B, cycles,
# z, p, always-valid p, before, after, reason
XGB_EVENTS: list[tuple[Any, ...]] = [
    ("earlier_swap", at("20:00:00"), "swap_production_b", False, (11, 9), (17, 13), (0, 0),
     (0, 0), 0, 2.1, 0.018, 0.031, assign(2, 1, 3, 4), assign(1, 2, 3, 4),
     "B won 10 of 11 games (91%) against Production's 5 of 9 (56%); always-valid p = 0.031 "
     "< 0.05 → swap Production and B"),
    ("reorder_1", at("21:00:00"), "retain_production", True, (14, 11), (24, 19), (3, 2),
     (7, 6), 1, 0.8, 0.31, 0.8, assign(1, 2, 3, 4), assign(1, 3, 2, 4),
     "B won 6 of 7 games (86%) against Production's 2 of 3 (67%); always-valid p = 0.80 "
     "≥ 0.05 → keep Production"),
    ("before_swap", at("22:13:02"), "insufficient_data", True, (16, 13), (30, 25), (5, 4),
     (13, 12), 2, 1.2, 0.12, 0.2, assign(1, 3, 2, 4), assign(1, 3, 4, 2),
     "B won 12 of 13 games (92%) against Production's 4 of 5 (80%); Production has 5 games "
     "since the swap, fewer than the 6 needed → not enough data yet"),
    ("swap", at("22:37:44"), "swap_production_b", True, (16, 13), (30, 25), (0, 0), (0, 0),
     0, 1.9, 0.029, 0.04, assign(1, 3, 4, 2), assign(3, 4, 1, 2),
     "B won 12 of 13 games (92%) against Production's 4 of 5 (80%); always-valid p = 0.04 "
     "< 0.05 → swap Production and B"),
    ("after_1", at("23:02:13"), "insufficient_data", True, (16, 13), (31, 26), (0, 0), (1, 1),
     1, None, None, 1.0, assign(3, 4, 1, 2), assign(3, 4, 2, 1),
     "B won 1 of 1 game (100%) against Production's 0 of 0; Production has 0 games since the "
     "swap, fewer than the 3 needed → not enough data yet"),
    ("after_2", at("23:26:39"), "insufficient_data", False, (16, 13), (31, 26), (0, 0),
     (1, 1), 2, None, None, 1.0, assign(3, 4, 2, 1), assign(3, 4, 2, 1),
     "B won 1 of 1 game (100%) against Production's 0 of 0; Production has 0 games since the "
     "swap, fewer than the 3 needed → not enough data yet"),
    ("after_3", at("00:23:00", day=20), "insufficient_data", True, (16, 13), (31, 26), (0, 0),
     (1, 1), 3, None, None, 1.0, assign(3, 4, 2, 1), assign(3, 2, 4, 1),
     "B won 1 of 1 game (100%) against Production's 0 of 0; Production has 0 games since the "
     "swap, fewer than the 3 needed → not enough data yet"),
    ("after_4", at("00:52:51", day=20), "insufficient_data", False, (17, 14), (31, 26), (1, 1),
     (1, 1), 4, None, None, 1.0, assign(3, 2, 4, 1), assign(3, 2, 4, 1),
     "B won 1 of 1 game (100%) against Production's 1 of 1; Production has 1 game and B has "
     "1 game since the swap, fewer than the 3 needed → not enough data yet"),
]  # fmt: skip


@dataclass
class Ledger:
    events: dict[str, PromotionEvent]
    versions: dict[tuple[str, int], ModelVersion]
    played: list[Game]

    def __getitem__(self, label: str) -> PromotionEvent:
        return self.events[label]

    def played_in(self, slot: str) -> list[Game]:
        return [g for g in self.played if g.model_alias == slot]


def _event(family: str, created_at: datetime, **fields: Any) -> PromotionEvent:
    event = PromotionEvent.objects.create(family=family, source="schedule", **fields)
    # created_at is auto_now_add; the ledger's story needs its own times.
    PromotionEvent.objects.filter(pk=event.pk).update(created_at=created_at)
    event.refresh_from_db()
    return event


def _version(family: str, number: int, stage: str = "staging") -> ModelVersion:
    return ModelVersion.objects.create(
        family=family,
        version=number,
        registered_model=f"rps_bot_{family}",
        sha256=f"{number:064x}",
        feature_contract_version="1",
        stage=stage,
        gates_passed=stage != "development",
    )


def _build_xgboost(versions: dict[tuple[str, int], ModelVersion]) -> dict[str, PromotionEvent]:
    events = {}
    for row in XGB_EVENTS:
        (label, when, decision, reorder, raw_p, raw_b, since_p, since_b, cycles, z, p, avp) = row[
            :12
        ]
        before, after, reason = row[12:]
        events[label] = _event(
            XGB,
            when,
            decision=decision,
            method="sequential",
            alpha=0.05,
            z_statistic=z,
            p_value=p,
            always_valid_p_value=avp,
            e_value=1 / avp,
            production_total_games=raw_p[0],
            production_wins=raw_p[1],
            b_total_games=raw_b[0],
            b_wins=raw_b[1],
            production_games_since_swap=since_p[0],
            production_wins_since_swap=since_p[1],
            b_games_since_swap=since_b[0],
            b_wins_since_swap=since_b[1],
            promotion_cycles_since_swap=cycles,
            reorder_applied=reorder,
            alias_rankings=[
                {"alias": a, "version": v} for a, v in after.items() if a != "Production"
            ],
            alias_accuracies={"1": 0.41, "2": 0.38, "3": 0.44, "4": 0.47},
            assignments_before=before,
            assignments_after=after,
            reason=reason,
            payload={"actor": "system:promotion"},
        )
        for alias in ALIASES:
            if before[alias] != after[alias]:
                AliasChange.objects.create(
                    family=XGB,
                    alias=alias,
                    from_version=versions[(XGB, before[alias])],
                    to_version=versions[(XGB, after[alias])],
                    reason="cycle_swap" if decision == "swap_production_b" else "reorder",
                    actor="system:promotion",
                    note=reason[:300],
                    promotion_event_id=events[label].pk,
                )
    return events


def _counters(family: str, slot: str, *, games: int, wins: int) -> None:
    SlotCounter.objects.update_or_create(
        family=family,
        slot=slot,
        difficulty="standard",
        defaults={"games": games, "bot_wins": wins, "losses": games - wins},
    )


@pytest.fixture
def ledger(db) -> Ledger:
    # Two games through the play service, before any version exists (so no artifact is
    # loaded): each counts for the slot it was assigned, on top of the review's raw counters.
    _counters(XGB, "Production", games=17, wins=14)
    _counters(XGB, "B", games=31, wins=26)
    played = [finished_game(policy="forrest") for _ in range(2)]

    versions = {(XGB, n): _version(XGB, n) for n in (1, 2, 3, 4)}
    versions[(XGB, 3)].stage = "production"
    versions[(XGB, 3)].save(update_fields=["stage"])
    versions[(XGB, 5)] = _version(XGB, 5, stage="development")
    versions[(MNL, 1)] = _version(MNL, 1, stage="production")
    for alias, number in assign(3, 2, 4, 1).items():
        AliasAssignment.objects.create(
            family=XGB, alias=alias, version=versions[(XGB, number)], assigned_at=at("00:23:00", 20)
        )
    AliasAssignment.objects.create(
        family=MNL, alias="Production", version=versions[(MNL, 1)], assigned_at=at("12:00:00")
    )
    events = _build_xgboost(versions)
    events["mnlogit"] = _event(
        MNL,
        at("21:30:00"),
        decision="retain_production",
        method="ztest",
        alpha=0.1,
        z_statistic=0.25,
        p_value=0.4,
        production_total_games=12,
        production_wins=7,
        b_total_games=9,
        b_wins=5,
        production_games_since_swap=12,
        production_wins_since_swap=7,
        b_games_since_swap=9,
        b_wins_since_swap=5,
        promotion_cycles_since_swap=6,
        reorder_applied=False,
        assignments_before={"Production": 1},
        assignments_after={"Production": 1},
        reason="B won 5 of 9 games (56%) against Production's 7 of 12 (58%); z = 0.25, "
        "p = 0.40 ≥ 0.1 → keep Production <script>alert(1)</script>",
    )
    _counters(MNL, "Production", games=12, wins=7)
    _counters(MNL, "B", games=9, wins=5)
    PromotionControl.objects.create(family=MNL, paused=True, changed_by="admin")
    return Ledger(events=events, versions=versions, played=played)


# --- reading figures back out of a page ------------------------------------------------------


def figure_in_page(html: str, div_id: str) -> dict[str, Any]:
    """The data and layout that the page hands to Plotly.newPlot for ``div_id``."""
    match = re.search(r'Plotly\.newPlot\(\s*"' + re.escape(div_id) + r'",\s*', html)
    assert match, f"no figure {div_id!r} in the page"
    decoder = json.JSONDecoder()
    data, end = decoder.raw_decode(html, match.end())
    rest = html[end:].lstrip()
    assert rest.startswith(",")
    layout, _ = decoder.raw_decode(rest[1:].lstrip())
    return {"data": data, "layout": layout}


def trace(figure: dict[str, Any], name: str) -> dict[str, Any]:
    found = [t for t in figure["data"] if t.get("name") == name]
    assert len(found) == 1, [t.get("name") for t in figure["data"]]
    return found[0]
