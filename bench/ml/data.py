"""In-memory training data for the ML benchmark: no database, the same rows as
``training.learning.dataset``.

- Scripted games: ``simulate_game`` for each of the eight scripted opponents (default noise),
  one game in ``EASY_EVERY`` in easy mode, with the frequency predictor as the bot (what the
  bootstrap's first games play against), opponents taken in turn so that every block of time,
  and so the chronological hold-out, holds all of them.
- Human games: the training sessions of the shipped human-rps file, cut into 25-round games,
  with the live target in the "points still needed" features (as ``training.learning.dataset``
  does for imported sessions) and the values of ``deterministic_round_points`` on the game's
  synthetic id (as ``evaluate_human`` does).
- The two kinds are interleaved in time by their position within their own kind, so that any
  prefix of the data set (``first_rows``) has the same mix as the whole.

Django must be set up before this module is imported (``training.learning.dataset`` imports models).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings

from games.engine.features import feature_rows_for_game
from games.engine.gambits import GAMBIT_ROUNDS
from games.engine.history import DifficultyMode, GameHistory
from games.engine.moves import MOVE_INDEX
from games.engine.opponents import DEFAULT_NOISE, HUMAN_GROUP, SCRIPTED_OPPONENTS
from games.engine.prediction import FrequencyPredictor
from games.engine.simulation import SimulatedGame, simulate_game
from training.human.data import DEFAULT_GAME_ROUNDS, HumanGame, evaluation_rows, games_from_file
from training.learning.dataset import Dataset

ROOT = Path(__file__).resolve().parents[2]
HUMAN_FILE = ROOT / "data" / "human-rps" / "exp1.csv.gz"
OPPONENTS: tuple[str, ...] = tuple(SCRIPTED_OPPONENTS)
EASY_EVERY = 5
HUMAN = HUMAN_GROUP
# Human games get ids far above any scripted one: group splits must never see two games as one.
HUMAN_ID_BASE = 10_000_000


@dataclass(frozen=True)
class GameRows:
    game_id: int
    kind: str  # a scripted opponent's name, or HUMAN
    X: np.ndarray  # (rounds after the gambits, 50)
    y: np.ndarray


@dataclass(frozen=True)
class BenchData:
    data: Dataset
    kind: np.ndarray  # (n,) str: each row's opponent name, or "human"

    def __len__(self) -> int:
        return len(self.data)

    def describe(self) -> str:
        kinds, counts = np.unique(self.kind, return_counts=True)
        scripted = int(counts[kinds != HUMAN].sum())
        human = int(counts[kinds == HUMAN].sum())
        return (
            f"{len(self):,} rows from {self.data.games:,} games "
            f"({scripted:,} scripted rows, {human:,} human rows)"
        )


def history_rows(history: GameHistory) -> tuple[np.ndarray, np.ndarray]:
    """A finished game's training rows (after the gambits) and the player's actual moves."""
    rows = feature_rows_for_game(
        history.player_moves,
        history.bot_moves,
        history.values,
        target=history.target,
        difficulty_mode=history.difficulty_mode,
    )[GAMBIT_ROUNDS:]
    moves = np.array(
        [MOVE_INDEX[move] for move in history.player_moves[GAMBIT_ROUNDS:]], dtype=np.int8
    )
    return rows.astype(np.float32), moves


def game_rows(game_id: int, kind: str, history: GameHistory) -> GameRows:
    X, y = history_rows(history)
    return GameRows(game_id, kind, X, y)


def simulate_scripted(index: int, *, noise: float = DEFAULT_NOISE) -> tuple[str, SimulatedGame]:
    """Game ``index`` of the scripted stream: opponents in turn, every EASY_EVERY-th easy."""
    opponent = OPPONENTS[index % len(OPPONENTS)]
    easy = index % EASY_EVERY == EASY_EVERY - 1
    game = simulate_game(
        game_id=index,
        opponent=opponent,
        predictor=FrequencyPredictor(),
        target=settings.TARGET_POINTS,
        difficulty_mode=DifficultyMode.EASY if easy else DifficultyMode.STANDARD,
        noise=noise,
    )
    return opponent, game


def scripted_game(index: int, *, noise: float = DEFAULT_NOISE) -> GameRows:
    opponent, game = simulate_scripted(index, noise=noise)
    return game_rows(index, opponent, game.history)


def scripted_games(*, min_rows: int, first_index: int = 1) -> list[GameRows]:
    """Scripted games from ``first_index`` on until they hold at least ``min_rows`` rows."""
    games: list[GameRows] = []
    rows = 0
    index = first_index
    while rows < min_rows:
        game = scripted_game(index)
        index += 1
        if len(game.y):
            games.append(game)
            rows += len(game.y)
    return games


def human_game_rows(games: Iterable[HumanGame]) -> list[GameRows]:
    out: list[GameRows] = []
    for offset, game in enumerate(games):
        rows, _ = evaluation_rows(game, target=settings.TARGET_POINTS)
        moves = np.array(
            [MOVE_INDEX[move] for move in game.human_moves[GAMBIT_ROUNDS:]], dtype=np.int8
        )
        out.append(GameRows(HUMAN_ID_BASE + offset, HUMAN, rows.astype(np.float32), moves))
    return out


def human_training_games(*, limit_sessions: int | None = None) -> list[GameRows]:
    """The training sessions (never the held-out ones) as 25-round games, in session order."""
    games = games_from_file(
        HUMAN_FILE,
        game_rounds=DEFAULT_GAME_ROUNDS,
        limit_sessions=limit_sessions,
        sessions="training",
    )
    return human_game_rows(games)


def interleaved(*streams: list[GameRows]) -> list[GameRows]:
    """The games of all streams in one time order: each game at its relative position within
    its own stream, so every stretch of time holds every stream in proportion."""
    keyed = [
        ((position + 0.5) / len(stream), which, game)
        for which, stream in enumerate(streams)
        for position, game in enumerate(stream)
    ]
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [game for _, _, game in keyed]


def assemble(games: list[GameRows]) -> BenchData:
    """One Dataset from games already in time order (their rank is their position)."""
    games = [game for game in games if len(game.y)]
    if not games:
        raise ValueError("no rows to assemble")
    lengths = [len(game.y) for game in games]
    data = Dataset(
        X=np.concatenate([game.X for game in games]).astype(np.float32),
        y=np.concatenate([game.y for game in games]).astype(np.int8),
        game_id=np.repeat(np.array([game.game_id for game in games], dtype=np.int64), lengths),
        game_rank=np.repeat(np.arange(len(games), dtype=np.int32), lengths),
        round_no=np.concatenate(
            [np.arange(GAMBIT_ROUNDS + 1, GAMBIT_ROUNDS + 1 + n, dtype=np.int16) for n in lengths]
        ),
        is_human=np.repeat(np.array([game.kind == HUMAN for game in games]), lengths),
        group=np.repeat(np.array([game.kind for game in games], dtype=object), lengths),
    )
    return BenchData(data, np.repeat(np.array([game.kind for game in games]), lengths))


def build(
    *, scripted_rows: int, human: bool = True, human_limit_sessions: int | None = None
) -> BenchData:
    scripted = scripted_games(min_rows=scripted_rows)
    people = human_training_games(limit_sessions=human_limit_sessions) if human else []
    return assemble(interleaved(scripted, people) if people else scripted)


def first_rows(bench: BenchData, rows: int) -> BenchData:
    """The oldest whole games holding at least ``rows`` rows (or everything, if fewer)."""
    ranks = bench.data.game_rank
    if rows >= len(ranks):
        return bench
    # Rows are in rank order: the game of row ``rows - 1`` is the last one kept, whole.
    keep = ranks <= ranks[rows - 1]
    return BenchData(bench.data.subset(keep), bench.kind[keep])
