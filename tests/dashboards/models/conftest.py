"""A populated database for the alias, models and gameplay dashboards.

`model_world` writes the registry mirror and the promotion tables directly, with chosen
timestamps: five xgboost versions (one rejected at the gauntlet), an alias history with a
bootstrap, a gate entry, a Production/B swap and a challenger re-ranking, per-version slot
counters, challenger accuracies and three promotion events with their accuracies.

`gameplay_world` plays real games through the play service (people, scripted opponents, and
games the analytics filter must leave out) and then moves their start times to chosen days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from games.models import Game, Player, PlayerKind
from games.player_filters import HUMAN_SESSIONS_SOURCE
from promotion.models import PromotionEvent, SlotCounter, VersionSlotCounter
from tests.factories import PlayerFactory, finished_game, start_game
from training.models import (
    AliasAssignment,
    AliasChange,
    ChallengerAccuracy,
    ModelVersion,
    Stage,
)

FAMILY = "xgboost"
OPPONENTS = ("Ace", "Bob", "Cal", "Dan", "Edd", "Fox", "Gus", "Hal")


def gauntlet_results(version: int, *, failed: bool = False) -> dict[str, Any]:
    """Gate results shaped like `training.learning.pipeline.gates_evaluate` stores them; each
    rate is derived from the version and opponent so every heatmap cell is checkable."""
    per_opponent = {}
    for i, name in enumerate(OPPONENTS):
        wins = 2 if failed and name == "Cal" else 4 + version + i
        per_opponent[name] = {"games": 20, "bot_wins": wins, "win_rate": wins / 20}
    rates = [r["win_rate"] for r in per_opponent.values()]
    random_wins = 8 + version
    return {
        "min_samples": {"passed": True, "rows": 5000, "threshold": 2000},
        "holdout_vs_baseline": {"passed": True, "accuracy": 0.41, "baseline": 0.36},
        "gauntlet": {
            "passed": not failed,
            "mean_win_rate": sum(rates) / len(rates),
            "worst_win_rate": min(rates),
            "min_mean_win_rate": 0.5,
            "min_win_rate": 0.3,
            "per_opponent": per_opponent,
            "uniform_random": {"games": 20, "bot_wins": random_wins, "win_rate": random_wins / 20},
        },
        "backtest": {
            "rows": 400,
            "candidate_net_points": 0.1 * version,
            "production_net_points": None if version == 1 else 0.1 * (version - 1),
            "margin": 0.05,
            "passed": True,
            **({"note": "no Production to compare with"} if version == 1 else {}),
        },
    }


@dataclass
class ModelWorld:
    t0: datetime
    versions: dict[int, ModelVersion]
    events: list[PromotionEvent]
    other_family_version: ModelVersion
    changes: list[AliasChange] = field(default_factory=list)

    def at(self, days: float) -> datetime:
        return self.t0 + timedelta(days=days)


def _version(family: str, number: int, *, stage: str, created: datetime, **extra) -> ModelVersion:
    failed = extra.pop("failed", False)
    row = ModelVersion.objects.create(
        family=family,
        version=number,
        registered_model=f"rps_bot_{family}",
        sha256=f"{number:064d}",
        feature_contract_version="1",
        metrics={"holdout_accuracy": 0.41, "baseline_accuracy": 0.36},
        gate_results=gauntlet_results(number, failed=failed),
        gates_passed=not failed,
        stage=stage,
        **extra,
    )
    ModelVersion.objects.filter(pk=row.pk).update(created_at=created)
    row.refresh_from_db()
    return row


def _change(family, alias, from_v, to_v, at, reason, *, event=None) -> AliasChange:
    row = AliasChange.objects.create(
        family=family,
        alias=alias,
        from_version=from_v,
        to_version=to_v,
        reason=reason,
        actor="system:test",
        note=f"{alias} moved",
        promotion_event_id=event.pk if event else None,
    )
    AliasChange.objects.filter(pk=row.pk).update(created_at=at)
    row.refresh_from_db()
    return row


def _event(family: str, at: datetime, **fields: Any) -> PromotionEvent:
    defaults: dict[str, Any] = {
        "family": family,
        "decision": "retain_production",
        "method": "ztest",
        "alpha": 0.05,
        "production_wins": 0,
        "production_total_games": 0,
        "b_wins": 0,
        "b_total_games": 0,
        "production_games_since_swap": 0,
        "production_wins_since_swap": 0,
        "b_games_since_swap": 0,
        "b_wins_since_swap": 0,
        "promotion_cycles_since_swap": 0,
        "reorder_applied": False,
        "reason": "test",
        "source": "schedule",
    }
    event = PromotionEvent.objects.create(**{**defaults, **fields})
    PromotionEvent.objects.filter(pk=event.pk).update(created_at=at)
    event.refresh_from_db()
    return event


@pytest.fixture
def model_world(db) -> ModelWorld:
    t0 = timezone.now().replace(microsecond=0) - timedelta(days=10)
    at = lambda days: t0 + timedelta(days=days)  # noqa: E731
    v = {
        1: _version(FAMILY, 1, stage=Stage.STAGING, created=at(-1)),
        2: _version(FAMILY, 2, stage=Stage.PRODUCTION, created=at(-0.5)),
        3: _version(FAMILY, 3, stage=Stage.STAGING, created=at(-0.25)),
        4: _version(FAMILY, 4, stage=Stage.STAGING, created=at(0.9)),
        5: _version(FAMILY, 5, stage=Stage.REJECTED, created=at(4), failed=True),
    }
    other = _version("mnlogit", 7, stage=Stage.PRODUCTION, created=at(0))

    swap = _event(
        FAMILY,
        at(2),
        decision="swap_production_b",
        alias_accuracies={"1": 0.40, "2": 0.45, "3": 0.50, "4": None},
        assignments_before={"Production": 1, "B": 2, "shadow1": 3, "shadow2": 4},
        assignments_after={"Production": 2, "B": 1, "shadow1": 3, "shadow2": 4},
    )
    reorder = _event(
        FAMILY,
        at(3),
        reorder_applied=True,
        alias_accuracies={"1": 0.41, "2": 0.46, "3": 0.52, "4": 0.38},
        assignments_before={"Production": 2, "B": 1, "shadow1": 3, "shadow2": 4},
        assignments_after={"Production": 2, "B": 3, "shadow1": 1, "shadow2": 4},
    )
    retain = _event(
        FAMILY,
        at(4),
        alias_accuracies={"1": 0.42, "2": 0.47, "3": 0.53, "4": 0.39},
        assignments_before={"Production": 2, "B": 3, "shadow1": 1, "shadow2": 4},
        assignments_after={"Production": 2, "B": 3, "shadow1": 1, "shadow2": 4},
    )
    _event("mnlogit", at(4), alias_accuracies={"7": 0.9}, assignments_before={"Production": 7})

    changes = [
        _change(FAMILY, "Production", None, v[1], at(0), "bootstrap"),
        _change(FAMILY, "B", None, v[2], at(0), "bootstrap"),
        _change(FAMILY, "shadow1", None, v[3], at(0), "bootstrap"),
        _change(FAMILY, "shadow2", None, v[4], at(1), "gate_entry"),
        _change(FAMILY, "Production", v[1], v[2], at(2), "cycle_swap", event=swap),
        _change(FAMILY, "B", v[2], v[1], at(2), "cycle_swap", event=swap),
        _change(FAMILY, "B", v[1], v[3], at(3), "reorder", event=reorder),
        _change(FAMILY, "shadow1", v[3], v[1], at(3), "reorder", event=reorder),
    ]
    _change("mnlogit", "Production", None, other, at(0), "bootstrap")
    for alias, number, since in (
        ("Production", 2, 2),
        ("B", 3, 3),
        ("shadow1", 1, 3),
        ("shadow2", 4, 1),
    ):
        AliasAssignment.objects.create(
            family=FAMILY, alias=alias, version=v[number], assigned_at=at(since)
        )
    AliasAssignment.objects.create(
        family="mnlogit", alias="Production", version=other, assigned_at=at(0)
    )

    SlotCounter.objects.all().delete()
    VersionSlotCounter.objects.all().delete()
    for slot, version, games, wins, losses in (
        ("Production", "1", 10, 6, 3),
        ("Production", "2", 12, 9, 2),
        ("Production", "frequency", 2, 1, 1),
        ("B", "2", 8, 3, 4),
        ("B", "1", 5, 2, 2),
        ("B", "3", 4, 3, 1),
    ):
        VersionSlotCounter.objects.create(
            family=FAMILY, slot=slot, version=version, games=games, bot_wins=wins, losses=losses
        )
    VersionSlotCounter.objects.create(
        family="mnlogit", slot="Production", version="7", games=99, bot_wins=50, losses=40
    )
    for slot, difficulty, games, wins, losses in (
        ("Production", "standard", 20, 13, 5),
        ("Production", "easy", 4, 3, 1),
        ("B", "standard", 17, 8, 7),
    ):
        SlotCounter.objects.create(
            family=FAMILY,
            slot=slot,
            difficulty=difficulty,
            games=games,
            bot_wins=wins,
            losses=losses,
        )

    for alias, number, rounds, correct in (
        ("Production", 2, 1000, 450),
        ("B", 3, 1000, 500),
        ("B", 2, 400, 170),
        ("shadow1", 1, 1000, 400),
        ("shadow2", 4, 1000, 380),
    ):
        ChallengerAccuracy.objects.create(
            family=FAMILY, alias=alias, version=v[number], rounds=rounds, correct=correct
        )
    return ModelWorld(t0, v, [swap, reorder, retain], other, changes)


# --- gameplay ----------------------------------------------------------------------------

DAY1 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
DAY2 = DAY1 + timedelta(days=1)
DAY3 = DAY1 + timedelta(days=2)
BEFORE_CUTOFF = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


@dataclass
class GameplayWorld:
    humans: list[Game]  # every game the analytics filter keeps (finished or not)
    scripted: list[Game]  # scripted opponents' games inside the cut-off
    excluded: list[Game]  # simulations, imported people, tests, games before the cut-off


def _on(game: Game, started: datetime) -> Game:
    Game.objects.filter(pk=game.pk).update(started_at=started)
    game.refresh_from_db()
    return game


@pytest.fixture
def gameplay_world(db) -> GameplayWorld:
    tess, uma = PlayerFactory(name="Tess"), PlayerFactory(name="Uma")
    ace = Player.objects.create(name="Ace", kind=PlayerKind.SCRIPTED, source="simulation")
    bob = Player.objects.create(name="Bob", kind=PlayerKind.SCRIPTED, source="simulation")
    sim = Player.objects.create(name="sim-1", kind=PlayerKind.SIMULATION, source="simulation")
    imported = PlayerFactory(name="Ivy", source=HUMAN_SESSIONS_SOURCE)

    humans = [
        _on(finished_game(player=tess, policy="brian"), DAY1),
        _on(finished_game(player=tess, policy="brian"), DAY1),
        _on(finished_game(player=uma, policy="brian"), DAY2),
        _on(finished_game(player=tess, policy="forrest"), DAY2),
        _on(finished_game(player=uma, policy="forrest"), DAY2),
        _on(finished_game(player=uma, policy="forrest", difficulty_mode="easy"), DAY3),
        _on(finished_game(player=tess, policy="logan_easy"), DAY3),
        _on(finished_game(player=uma, policy="logan"), DAY3),
        _on(start_game(player=tess, policy="logan"), DAY3),  # still being played
    ]
    scripted = [
        _on(finished_game(player=ace, policy="brian"), DAY1),
        _on(finished_game(player=ace, policy="brian"), DAY2),
        _on(finished_game(player=bob, policy="forrest"), DAY2),
    ]
    excluded = [
        _on(finished_game(player=sim, policy="brian"), DAY1),
        _on(finished_game(player=imported, policy="forrest"), DAY2),
        _on(finished_game(player=uma, policy="logan", is_test=True), DAY2),
        _on(finished_game(player=tess, policy="brian"), BEFORE_CUTOFF),
        _on(finished_game(player=ace, policy="forrest"), BEFORE_CUTOFF),
    ]
    return GameplayWorld(humans, scripted, excluded)
