"""The training data set: feature rows built from stored games, streamed in batches.

Rounds of finished, non-test games since TRAINING_DATA_SINCE_DATE; gambit rounds are not rows
(nobody predicted them) but still feed the lags of the rows after them. Scripted-opponent and
simulation games are kept one in TRAINING_LEGACY_GAME_STRIDE, chosen by game id; people's games
are always kept. Games are read a batch at a time and rows are stored as float32, so a million
rounds take about 200 MB and no query holds more than one batch of games.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils.dateparse import parse_datetime

from games.engine.features import FEATURE_COUNT, feature_rows_for_game
from games.engine.gambits import GAMBIT_ROUNDS
from games.engine.moves import MOVE_INDEX, Move
from games.engine.opponents import HUMAN_GROUP, is_scripted_opponent
from games.models import Game, GameStatus, PlayerKind, Round
from games.player_filters import HUMAN_HOLDOUT_SOURCE, IMPORTED_SOURCES

BATCH_GAMES = 2000


@dataclass(frozen=True)
class Dataset:
    X: np.ndarray  # (n, 50) float32 feature rows
    y: np.ndarray  # (n,) int8: the player's actual move, MOVES order
    game_id: np.ndarray  # (n,) int64
    game_rank: np.ndarray  # (n,) int32: the game's position in time (finish order)
    round_no: np.ndarray  # (n,) int16
    is_human: np.ndarray  # (n,) bool
    # (n,) str: whom the row's player is like, for the per-group experts (opponent_group)
    group: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.y)

    @property
    def games(self) -> int:
        return len(np.unique(self.game_id))

    def subset(self, mask: np.ndarray) -> Dataset:
        return Dataset(
            self.X[mask], self.y[mask], self.game_id[mask], self.game_rank[mask],
            self.round_no[mask], self.is_human[mask], self.groups[mask],
        )  # fmt: skip

    @property
    def groups(self) -> np.ndarray:
        if self.group is not None:
            return self.group
        return np.where(self.is_human, HUMAN_GROUP, "scripted")

    def counts(self) -> dict[str, int]:
        return {
            "rows": len(self),
            "games": self.games,
            "human_rows": int(self.is_human.sum()),
            "scripted_rows": int((~self.is_human).sum()),
        }


def _since() -> datetime:
    parsed = parse_datetime(settings.TRAINING_DATA_SINCE_DATE)
    if parsed is None:
        raise ValueError("TRAINING_DATA_SINCE_DATE is not a date-time")
    return parsed


def training_games(*, since: datetime | None = None, stride: int | None = None) -> QuerySet[Game]:
    """The games whose rounds make the data set, oldest finish first."""
    stride = settings.TRAINING_LEGACY_GAME_STRIDE if stride is None else stride
    if stride < 1:
        raise ValueError("TRAINING_LEGACY_GAME_STRIDE must be at least 1")
    # Imported sessions were recorded long before any live window: they count whatever their
    # dates, unless left out by TRAINING_INCLUDE_IMPORTED; held-out sessions never count.
    in_window = Q(started_at__gte=since or _since())
    imported = Q(player__source__in=IMPORTED_SOURCES)
    games = Game.objects.filter(status=GameStatus.FINISHED, is_test=False).exclude(
        player__source=HUMAN_HOLDOUT_SOURCE
    )
    if settings.TRAINING_INCLUDE_IMPORTED:
        games = games.filter(in_window | imported)
    else:
        games = games.filter(in_window).exclude(imported)
    human = Q(player__kind=PlayerKind.HUMAN)
    kept_legacy = Q(legacy_slot=0)
    return (
        games.annotate(legacy_slot=F("pk") % stride)
        .filter(human | kept_legacy)
        .order_by("finished_at", "pk")
    )


def opponent_group(name: str, kind: str) -> str:
    """The expert a player's rows train: a scripted opponent's own, or the people's."""
    if kind == PlayerKind.HUMAN:
        return HUMAN_GROUP
    return name if is_scripted_opponent(name) else "other"


def _feature_target(game_target: float, source: str) -> float:
    # Imported sessions ran a fixed number of rounds, not to a target: their rows use the
    # live target so that "points still needed" means the same as in live games.
    return settings.TARGET_POINTS if source in IMPORTED_SOURCES else game_target


def _rows_of_batch(
    games: list[tuple[int, float, str, str, str, str]], first_rank: int
) -> Iterator[tuple[np.ndarray, ...]]:
    ids = [g[0] for g in games]
    by_game: dict[int, list[tuple]] = {gid: [] for gid in ids}
    rounds = (
        Round.objects.filter(game_id__in=ids)
        .order_by("game_id", "round_no")
        .values_list(
            "game_id", "player_move", "bot_move", "value_rock", "value_paper", "value_scissors"
        )
    )
    for row in rounds.iterator(chunk_size=20_000):
        by_game[row[0]].append(row)
    for offset, (game_id, target, mode, kind, source, name) in enumerate(games):
        played = by_game[game_id]
        if len(played) <= GAMBIT_ROUNDS:
            continue
        rows = feature_rows_for_game(
            [r[1] for r in played],
            [r[2] for r in played],
            [(float(r[3]), float(r[4]), float(r[5])) for r in played],
            target=_feature_target(target, source),
            difficulty_mode=mode,
        )[GAMBIT_ROUNDS:]
        n = len(rows)
        yield (
            rows.astype(np.float32),
            np.array([MOVE_INDEX[Move(r[1])] for r in played[GAMBIT_ROUNDS:]], dtype=np.int8),
            np.full(n, game_id, dtype=np.int64),
            np.full(n, first_rank + offset, dtype=np.int32),
            np.arange(GAMBIT_ROUNDS + 1, GAMBIT_ROUNDS + 1 + n, dtype=np.int16),
            np.full(n, kind == PlayerKind.HUMAN, dtype=bool),
            np.full(n, opponent_group(name, kind), dtype=object),
        )


def dataset_build(
    *,
    since: datetime | None = None,
    stride: int | None = None,
    batch_games: int = BATCH_GAMES,
    progress: Callable[[int, int], None] | None = None,
) -> Dataset:
    games = training_games(since=since, stride=stride).values_list(
        "pk", "target_points", "difficulty_mode", "player__kind", "player__source", "player__name"
    )
    parts: list[tuple[np.ndarray, ...]] = []
    batch: list[tuple[int, float, str, str, str, str]] = []
    seen = 0
    for game in games.iterator(chunk_size=batch_games):
        batch.append((game[0], float(game[1]), game[2], game[3], game[4], game[5]))
        if len(batch) == batch_games:
            parts.extend(_rows_of_batch(batch, seen))
            seen += len(batch)
            batch = []
            if progress:
                progress(seen, len(parts))
    if batch:
        parts.extend(_rows_of_batch(batch, seen))
        seen += len(batch)
        if progress:
            progress(seen, len(parts))
    if not parts:
        empty = np.zeros((0, FEATURE_COUNT), dtype=np.float32)
        return Dataset(
            empty, np.zeros(0, np.int8), np.zeros(0, np.int64), np.zeros(0, np.int32),
            np.zeros(0, np.int16), np.zeros(0, bool), np.zeros(0, dtype=object),
        )  # fmt: skip
    columns = list(zip(*parts, strict=True))
    return Dataset(*(np.concatenate(column) for column in columns))
