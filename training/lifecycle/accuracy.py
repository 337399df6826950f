"""Challenger accuracy, off the request path: what every alias's version would have predicted on
the rounds people and scripted opponents actually played, scored in batch after games finish.

The request path runs exactly one model per round. Here, every few minutes, the version behind
each of a family's four aliases predicts every non-gambit round of the family's games that
finished since the last run (rows built with the same 50-feature contract as serving), and we
count, per (family, alias, version), rounds scored and rounds where its most likely move was the
player's move. Counts accumulate across runs, so an alias's accuracy is its version's record
*while it held that alias*; the promotion cycle re-ranks the challengers by it.

Progress is a watermark per family: a position in (finished_at, game id) order. Games are read
only up to a moment a little in the past (``SETTLE_SECONDS``) so that a game committed a moment
after a run began cannot slip in behind the watermark. Counting and moving the watermark happen
in one short transaction that first checks the watermark is still where this run found it, so
two runs at once never count a game twice (the loser changes nothing).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from django.db import transaction
from django.db.models import F, Min, Q, Sum
from django.utils import timezone

from core.vocabulary import ALIASES, FAMILIES
from games.engine.features import FEATURE_COUNT, feature_rows_for_game
from games.engine.gambits import GAMBIT_ROUNDS
from games.engine.moves import MOVE_INDEX, Move
from games.models import Game, GameStatus, Round
from games.player_filters import IMPORTED_SOURCES
from training.learning.families.adaptive import AdaptiveModel, game_probabilities
from training.models import (
    AccuracyWatermark,
    AliasAssignment,
    AliasChange,
    ChallengerAccuracy,
    ModelVersion,
)
from training.registry.selectors import alias_map
from training.serving import ModelUnavailable, load_version

logger = logging.getLogger("rpsweb.training")

SETTLE_SECONDS = 30.0
BATCH_GAMES = 500
# A long backlog is worked off over several runs rather than in one long one.
MAX_GAMES_PER_RUN = 20_000

GameKey = tuple[int, datetime, float, str]  # id, finished_at, target points, difficulty mode


@dataclass(frozen=True)
class AccuracyRun:
    family: str
    games: int = 0
    rounds: int = 0
    # alias -> {"version": n, "rounds": scored this run, "correct": right this run}
    scored: dict[str, dict[str, int]] = field(default_factory=dict)
    unavailable: dict[int, str] = field(default_factory=dict)  # version -> reason
    skipped: str = ""

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"family": self.family, "games": self.games, "rounds": self.rounds}
        if self.scored:
            out["scored"] = self.scored
        if self.unavailable:
            out["unavailable"] = {str(k): v for k, v in self.unavailable.items()}
        if self.skipped:
            out["skipped"] = self.skipped
        return out


def _watermark(family: str) -> AccuracyWatermark | None:
    """The family's watermark; the first one starts when the family's aliases were first set
    (games before that were played before any of these models existed)."""
    found = AccuracyWatermark.objects.filter(family=family).first()
    if found is not None:
        return found
    start = AliasChange.objects.filter(family=family).aggregate(at=Min("created_at"))["at"]
    if start is None:
        start = AliasAssignment.objects.filter(family=family).aggregate(at=Min("assigned_at"))["at"]
    if start is None:
        return None
    mark, _ = AccuracyWatermark.objects.get_or_create(
        family=family, defaults={"last_finished_at": start, "last_game_id": 0}
    )
    return mark


def _games_to_score(
    family: str, mark: AccuracyWatermark, until: datetime, limit: int
) -> list[GameKey]:
    after = Q(finished_at__gt=mark.last_finished_at) | Q(
        finished_at=mark.last_finished_at, pk__gt=mark.last_game_id
    )
    games = (
        Game.objects.filter(
            after,
            family=family,
            status=GameStatus.FINISHED,
            is_test=False,
            finished_at__lte=until,
        )
        # Imported sessions never met our bots: they count for no alias.
        .exclude(player__source__in=IMPORTED_SOURCES)
        .order_by("finished_at", "pk")
        .values_list("pk", "finished_at", "target_points", "difficulty_mode")[:limit]
    )
    keys: list[GameKey] = []
    for pk, finished, target, mode in games:
        assert finished is not None  # finished_at__lte never matches a NULL
        keys.append((pk, finished, float(target), mode))
    return keys


def _rows(games: Sequence[GameKey]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Feature rows, the player's actual moves and each row's game, for the non-gambit rounds
    of ``games``."""
    by_game: dict[int, list[tuple]] = {g[0]: [] for g in games}
    rounds = (
        Round.objects.filter(game_id__in=list(by_game))
        .order_by("game_id", "round_no")
        .values_list(
            "game_id", "player_move", "bot_move", "value_rock", "value_paper", "value_scissors"
        )
    )
    for row in rounds.iterator(chunk_size=10_000):
        by_game[row[0]].append(row)
    X_parts: list[np.ndarray] = []
    y_parts: list[np.ndarray] = []
    id_parts: list[np.ndarray] = []
    for game_id, _, target, mode in games:
        played = by_game[game_id]
        if len(played) <= GAMBIT_ROUNDS:
            continue
        rows = feature_rows_for_game(
            [r[1] for r in played],
            [r[2] for r in played],
            [(float(r[3]), float(r[4]), float(r[5])) for r in played],
            target=target,
            difficulty_mode=mode,
        )
        X_parts.append(rows[GAMBIT_ROUNDS:])
        y_parts.append(np.array([MOVE_INDEX[Move(r[1])] for r in played[GAMBIT_ROUNDS:]]))
        id_parts.append(np.full(len(played) - GAMBIT_ROUNDS, game_id, dtype=np.int64))
    if not X_parts:
        return np.zeros((0, FEATURE_COUNT)), np.zeros(0, dtype=np.int64), np.zeros(0, np.int64)
    return np.vstack(X_parts), np.concatenate(y_parts), np.concatenate(id_parts)


def _batches(games: list[GameKey], size: int) -> Iterator[list[GameKey]]:
    for start in range(0, len(games), size):
        yield games[start : start + size]


def challenger_accuracy_update(
    *,
    family: str,
    until: datetime | None = None,
    max_games: int = MAX_GAMES_PER_RUN,
    batch_games: int = BATCH_GAMES,
) -> AccuracyRun:
    """Score every alias's current version on the family's games finished since the last run
    (up to ``until``, by default a little before now) and add the counts."""
    held = alias_map(family=family)
    if not held:
        return AccuracyRun(family, skipped="no alias holds a version")
    mark = _watermark(family)
    if mark is None:
        return AccuracyRun(family, skipped="no alias holds a version")
    until = until or timezone.now() - timedelta(seconds=SETTLE_SECONDS)

    models: dict[int, AdaptiveModel] = {}
    unavailable: dict[int, str] = {}
    for version in {v.pk: v for v in held.values()}.values():
        try:
            models[version.version] = load_version(
                family=family, version=str(version.version)
            ).model
        except ModelUnavailable as error:
            if error.reason == "registry_unavailable":
                # Passing now would lose these rounds for good; the next run takes them.
                return AccuracyRun(family, skipped=f"registry unavailable: {error}")
            unavailable[version.version] = error.reason

    games = _games_to_score(family, mark, until, max_games)
    if not games:
        return AccuracyRun(family, unavailable=unavailable)
    correct = dict.fromkeys(models, 0)
    rounds = 0
    for batch in _batches(games, batch_games):
        X, y, game_id = _rows(batch)
        if not len(y):
            continue
        rounds += len(y)
        for number, model in models.items():
            predicted = game_probabilities(model, X, y, game_id).argmax(axis=1)
            correct[number] += int((predicted == y).sum())

    scored = {
        alias: {"version": version.version, "rounds": rounds, "correct": correct[version.version]}
        for alias, version in held.items()
        if version.version in models
    }
    last_id, last_finished = games[-1][0], games[-1][1]
    with transaction.atomic():
        moved = AccuracyWatermark.objects.filter(
            pk=mark.pk, last_finished_at=mark.last_finished_at, last_game_id=mark.last_game_id
        ).update(last_finished_at=last_finished, last_game_id=last_id, updated_at=timezone.now())
        if not moved:
            return AccuracyRun(family, skipped="another run scored these games first")
        if rounds:
            _add_counts(family, held, scored)
    run = AccuracyRun(family, len(games), rounds, scored, unavailable)
    logger.info("challenger accuracy scored", extra=run.as_dict())
    return run


def _add_counts(
    family: str, held: dict[str, ModelVersion], scored: dict[str, dict[str, int]]
) -> None:
    now = timezone.now()
    for alias, counts in scored.items():
        row, _ = ChallengerAccuracy.objects.get_or_create(
            family=family, alias=alias, version=held[alias]
        )
        ChallengerAccuracy.objects.filter(pk=row.pk).update(
            rounds=F("rounds") + counts["rounds"],
            correct=F("correct") + counts["correct"],
            updated_at=now,
        )


def challenger_accuracy_update_all(*, until: datetime | None = None) -> dict[str, AccuracyRun]:
    """Every family in turn; one family's failure is logged and does not stop the others (its
    watermark stays, so its next run picks up where it failed)."""
    runs: dict[str, AccuracyRun] = {}
    for family in FAMILIES:
        try:
            runs[family] = challenger_accuracy_update(family=family, until=until)
        except Exception as error:
            logger.exception("challenger accuracy failed", extra={"family": family})
            runs[family] = AccuracyRun(family, skipped=f"failed: {type(error).__name__}: {error}")
    return runs


# --- reads -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AliasAccuracy:
    version: int
    rounds: int
    correct: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.rounds if self.rounds else None


def challenger_accuracy_details(*, family: str) -> dict[str, AliasAccuracy | None]:
    """Per alias (all four): the record of the version at it now, in that alias; None when the
    alias holds no version."""
    held = dict(
        AliasAssignment.objects.filter(family=family).values_list("alias", "version__version")
    )
    counts = {
        (alias, number): (rounds, right)
        for alias, number, rounds, right in ChallengerAccuracy.objects.filter(
            family=family
        ).values_list("alias", "version__version", "rounds", "correct")
    }
    out: dict[str, AliasAccuracy | None] = {}
    for alias in ALIASES:
        number = held.get(alias)
        if number is None:
            out[alias] = None
            continue
        rounds, right = counts.get((alias, number), (0, 0))
        out[alias] = AliasAccuracy(version=number, rounds=rounds, correct=right)
    return out


def challenger_accuracies(*, family: str) -> dict[str, float | None]:
    """Per alias (all four): the accuracy of its current version while at that alias; None when
    the alias holds no version or it has not been scored on any round yet."""
    return {
        alias: (record.accuracy if record is not None else None)
        for alias, record in challenger_accuracy_details(family=family).items()
    }


def version_accuracies(*, family: str) -> dict[int, float | None]:
    """Version number -> its accuracy over every round it was scored on, whatever alias it held
    then. Every alias's version is scored on the same rounds, so this is the steadier input for
    ranking challengers: a version that just moved keeps its record."""
    rows = (
        ChallengerAccuracy.objects.filter(family=family)
        .values("version__version")
        .annotate(rounds_total=Sum("rounds"), correct_total=Sum("correct"))
    )
    return {
        row["version__version"]: (
            row["correct_total"] / row["rounds_total"] if row["rounds_total"] else None
        )
        for row in rows
    }
