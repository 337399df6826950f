"""Recorded human sessions (``/work/shared/data/human-rps`` format): reading, cutting into games,
scoring them with our rules, and replaying them against a model without storing anything.

No Django here: the import service (``training.human.importer``) and the two management commands
call these functions, and tests can run them on small files.

The file has one row per round: ``session, round_index, bot_strategy, human_move, bot_move,
human_outcome, started_ms``; plain CSV or gzip (recognised by its first bytes, not its name).
A round the person did not answer has ``human_move`` ``none`` (documented) or empty (95 rows of
``exp1.csv.gz`` carry an empty move and outcome, undocumented); both are skipped, so a person's
remaining moves are taken in order. Each session is cut into consecutive games of ``game_rounds``
answered rounds; a final partial game shorter than ``MIN_GAME_ROUNDS`` is dropped, because a
model is only asked from the round after the gambits on.

The people played against the experiment's bots and scored their own way, so the recorded bot
moves are kept as the bot's side of the history, while the round values come from our
``deterministic_round_points``: the rows look like our games' rows, with real human choices.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TextIO

import numpy as np

from games.engine.features import feature_rows_for_game
from games.engine.gambits import GAMBIT_ROUNDS
from games.engine.history import DifficultyMode
from games.engine.moves import (
    MOVE_INDEX,
    MOVES,
    InvalidMove,
    Move,
    Result,
    beaten_by,
    parse_move,
    result_of,
)
from games.engine.round_values import RoundValues, deterministic_round_points
from games.engine.scoring import RoundScore, Winner, add_points, score_round

COLUMNS = (
    "session",
    "round_index",
    "bot_strategy",
    "human_move",
    "bot_move",
    "human_outcome",
    "started_ms",
)
UNANSWERED = frozenset({"none", ""})
# The file's outcome words, from the person's side, and ours.
OUTCOMES = {"win": Result.WIN, "loss": Result.LOSE, "tie": Result.DRAW}
DEFAULT_GAME_ROUNDS = 25
# A game needs at least one round after the gambits for a model to be asked anything.
MIN_GAME_ROUNDS = GAMBIT_ROUNDS + 1
FIRST_PREDICTED_ROUND = GAMBIT_ROUNDS + 1
NGRAM_ORDER = 2
_GZIP_MAGIC = b"\x1f\x8b"


class HumanDataError(ValueError):
    """A file that is not in the human-rps format, with the line that shows it."""


@dataclass(frozen=True, slots=True)
class RecordedRound:
    round_index: int
    human_move: Move
    bot_move: Move
    started_ms: int


@dataclass(frozen=True, slots=True)
class RecordedSession:
    session: str
    bot_strategy: str
    rounds: tuple[RecordedRound, ...]  # answered rounds only, in round_index order
    unanswered: int


@dataclass(frozen=True, slots=True)
class HumanGame:
    """``game_rounds`` consecutive answered rounds of one session."""

    session: str
    game_index: int  # 0-based position of the game within its session
    human_moves: tuple[Move, ...]
    bot_moves: tuple[Move, ...]
    started_ms: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.human_moves)

    @property
    def synthetic_id(self) -> str:
        """Stands in for a game id in ``deterministic_round_points`` when nothing is stored."""
        return f"human:{self.session}:{self.game_index}"


# One session in HOLDOUT_MODULUS (by session number) is never trained on: those people are
# the evaluation set for evaluate_human and the benchmarks.
HOLDOUT_MODULUS = 4
SESSION_SETS = ("all", "holdout", "training")


def is_holdout_session(session: str | int) -> bool:
    try:
        return int(session) % HOLDOUT_MODULUS == 0
    except ValueError:
        return False


def in_session_set(session: str | int, which: str) -> bool:
    if which == "all":
        return True
    if which not in SESSION_SETS:
        raise ValueError(f"unknown session set {which!r}: expected one of {SESSION_SETS}")
    return is_holdout_session(session) == (which == "holdout")


def check_game_rounds(game_rounds: int) -> int:
    if game_rounds < MIN_GAME_ROUNDS:
        raise ValueError(f"games need at least {MIN_GAME_ROUNDS} rounds, not {game_rounds}")
    return game_rounds


def _open_text(path: Path) -> TextIO:
    with open(path, "rb") as probe:
        compressed = probe.read(2) == _GZIP_MAGIC
    if compressed:
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def _move(text: str, column: str, line: int) -> Move:
    try:
        return parse_move(text)
    except InvalidMove:
        raise HumanDataError(f"line {line}: {column} {text!r} is not a move") from None


def _whole(text: str, column: str, line: int) -> int:
    try:
        return int(text)
    except ValueError:
        raise HumanDataError(f"line {line}: {column} {text!r} is not a whole number") from None


def _parse_round(row: dict[str, str], index: int, line: int) -> RecordedRound | None:
    if row["human_move"].strip().lower() in UNANSWERED:
        return None
    started = _whole(row["started_ms"], "started_ms", line)
    human = _move(row["human_move"], "human_move", line)
    bot = _move(row["bot_move"], "bot_move", line)
    outcome = OUTCOMES.get(row["human_outcome"].strip().lower())
    # The recorded outcome must follow from the moves: a cheap guard against swapped columns.
    if outcome is None or outcome != result_of(human, bot):
        raise HumanDataError(
            f"line {line}: outcome {row['human_outcome']!r} does not follow from "
            f"{human} against {bot}"
        )
    return RecordedRound(index, human, bot, started)


@dataclass
class _Pending:
    session: str
    bot_strategy: str
    rounds: list[RecordedRound] = field(default_factory=list)
    indices: set[int] = field(default_factory=set)
    unanswered: int = 0

    def add(self, round_index: int, played: RecordedRound | None, line: int) -> None:
        if round_index in self.indices:
            raise HumanDataError(f"line {line}: session {self.session} repeats round {round_index}")
        self.indices.add(round_index)
        if played is None:
            self.unanswered += 1
        else:
            self.rounds.append(played)

    def done(self) -> RecordedSession:
        ordered = tuple(sorted(self.rounds, key=lambda r: r.round_index))
        return RecordedSession(self.session, self.bot_strategy, ordered, self.unanswered)


def read_sessions(
    path: Path | str, *, limit_sessions: int | None = None
) -> Iterator[RecordedSession]:
    """The file's sessions in file order, streamed; a session's rows must be contiguous."""
    if limit_sessions is not None and limit_sessions < 1:
        raise ValueError("limit_sessions must be at least 1")
    seen: set[str] = set()
    pending: _Pending | None = None
    yielded = 0
    with _open_text(Path(path)) as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise HumanDataError(f"{path}: missing columns {', '.join(missing)}")
        for line, row in enumerate(reader, start=2):
            if None in row or any(row[c] is None for c in COLUMNS):
                raise HumanDataError(f"line {line}: expected {len(reader.fieldnames or ())} fields")
            session = row["session"].strip()
            if not session:
                raise HumanDataError(f"line {line}: empty session")
            if pending is None or session != pending.session:
                if pending is not None:
                    yield pending.done()
                    yielded += 1
                    if limit_sessions is not None and yielded >= limit_sessions:
                        return
                if session in seen:
                    raise HumanDataError(f"line {line}: session {session} is not contiguous")
                seen.add(session)
                pending = _Pending(session, row["bot_strategy"].strip())
            index = _whole(row["round_index"], "round_index", line)
            pending.add(index, _parse_round(row, index, line), line)
    if pending is not None:
        yield pending.done()


def session_games(session: RecordedSession, game_rounds: int) -> list[HumanGame]:
    """The session cut into consecutive games; a final game under MIN_GAME_ROUNDS is dropped."""
    check_game_rounds(game_rounds)
    games: list[HumanGame] = []
    for game_index, start in enumerate(range(0, len(session.rounds), game_rounds)):
        chunk = session.rounds[start : start + game_rounds]
        if len(chunk) < MIN_GAME_ROUNDS:
            break
        games.append(
            HumanGame(
                session=session.session,
                game_index=game_index,
                human_moves=tuple(r.human_move for r in chunk),
                bot_moves=tuple(r.bot_move for r in chunk),
                started_ms=tuple(r.started_ms for r in chunk),
            )
        )
    return games


# ----- scoring a recorded game with our rules -----


@dataclass(frozen=True, slots=True)
class ScoredRound:
    round_no: int
    player_move: Move
    bot_move: Move
    values: RoundValues
    score: RoundScore
    player_score_after: float
    bot_score_after: float


def score_game(
    player_moves: Sequence[Move], bot_moves: Sequence[Move], values_of: Callable[[int], RoundValues]
) -> tuple[ScoredRound, ...]:
    """Our rules applied to recorded moves, with ``values_of(round_no)`` for each round's values;
    scores add up round by round exactly as in a live game."""
    if len(player_moves) != len(bot_moves):
        raise ValueError("player and bot moves must cover the same rounds")
    scored: list[ScoredRound] = []
    player_score = bot_score = 0.0
    for round_no, (player, bot) in enumerate(zip(player_moves, bot_moves, strict=True), start=1):
        values = values_of(round_no)
        score = score_round(player, bot, values)
        player_score = add_points(player_score, score.player_delta)
        bot_score = add_points(bot_score, score.bot_delta)
        scored.append(ScoredRound(round_no, player, bot, values, score, player_score, bot_score))
    return tuple(scored)


def winner_by_score(player_score: float, bot_score: float) -> Winner:
    """A fixed-length game has no target: the higher score wins, equal is a tie."""
    if player_score > bot_score:
        return Winner.USER
    if bot_score > player_score:
        return Winner.BOT
    return Winner.TIE


# ----- replaying against a model -----


class ProbabilityModel(Protocol):
    def predict_proba(self, X: np.ndarray) -> np.ndarray: ...


def frequency_predictions(moves: Sequence[int]) -> list[int]:
    """Before each round, the argmax of the person's add-one-smoothed move counts so far in the
    game (ties in MOVES order), the rule of ``FrequencyPredictor``."""
    counts = [1, 1, 1]
    predicted: list[int] = []
    for move in moves:
        predicted.append(counts.index(max(counts)))
        counts[move] += 1
    return predicted


# What followed each context (a tuple of up to ``order`` moves, the empty one included): counts
# by move, in MOVES order.
Followers = dict[tuple[int, ...], list[int]]


def ngram_predictions(moves: Sequence[int], order: int = NGRAM_ORDER) -> list[int]:
    """An online n-gram over the person's own moves: before each round, what most often followed
    the last ``order`` moves so far in the game, falling back to shorter contexts when that one
    has not been seen, down to plain move counts; ties in MOVES order, rock with no history."""
    if order < 0:
        raise ValueError("the n-gram order cannot be negative")
    followers: Followers = {}
    predicted: list[int] = []
    for i in range(len(moves)):
        predicted.append(ngram_guess(followers, moves, i, order))
        ngram_count(followers, moves, i, order)
    return predicted


def ngram_guess(followers: Followers, moves: Sequence[int], i: int, order: int) -> int:
    """The most frequent follower of the longest context before ``moves[i]`` that has been seen
    (ties in MOVES order); rock when none has."""
    for k in range(min(order, i), -1, -1):
        counts = followers.get(tuple(moves[i - k : i]))
        if counts is not None:
            return counts.index(max(counts))
    return 0


def ngram_count(followers: Followers, moves: Sequence[int], i: int, order: int) -> None:
    """Count ``moves[i]`` as the follower of every context of up to ``order`` moves before it."""
    for k in range(min(order, i) + 1):
        followers.setdefault(tuple(moves[i - k : i]), [0, 0, 0])[moves[i]] += 1


def counter_points(predicted: int, actual: int, values: Sequence[float]) -> float:
    """What the bot scores by playing the move that beats the predicted one."""
    bot = beaten_by(MOVES[predicted])
    if MOVE_INDEX[bot] == actual:
        return 0.5
    return values[MOVE_INDEX[bot]] if predicted == actual else 0.0


@dataclass(frozen=True, slots=True)
class PredictorScore:
    correct: int
    points: float

    def accuracy(self, rounds: int) -> float:
        return self.correct / rounds if rounds else 0.0

    def points_per_round(self, rounds: int) -> float:
        return self.points / rounds if rounds else 0.0


@dataclass(frozen=True, slots=True)
class HumanEvaluation:
    sessions: int
    games: int
    rounds: int  # predicted rounds: the 4th and later of every game
    model: PredictorScore
    baseline: PredictorScore  # the frequency baseline
    ngram: PredictorScore

    @property
    def accuracy(self) -> float:
        return self.model.accuracy(self.rounds)

    @property
    def baseline_accuracy(self) -> float:
        return self.baseline.accuracy(self.rounds)

    @property
    def ngram_accuracy(self) -> float:
        return self.ngram.accuracy(self.rounds)

    def summary_line(self) -> str:
        return (
            f"accuracy={self.accuracy:.3f} baseline={self.baseline_accuracy:.3f} "
            f"rounds={self.rounds}"
        )


def evaluation_rows(game: HumanGame, *, target: float) -> tuple[np.ndarray, np.ndarray]:
    """The 50-feature rows of the game's predicted rounds (4th on) and the rounds' values, with
    the game's synthetic id for the values and a standard-difficulty history starting empty."""
    values = [
        deterministic_round_points(game.synthetic_id, round_no)
        for round_no in range(1, len(game) + 1)
    ]
    rows = feature_rows_for_game(
        game.human_moves,
        game.bot_moves,
        values,
        target=target,
        difficulty_mode=DifficultyMode.STANDARD,
    )
    skip = FIRST_PREDICTED_ROUND - 1
    return rows[skip:], np.array([v.as_tuple() for v in values[skip:]], dtype=np.float64)


def _score(predicted: Sequence[int], actual: Sequence[int], values: np.ndarray) -> PredictorScore:
    correct = sum(1 for p, a in zip(predicted, actual, strict=True) if p == a)
    points = sum(
        counter_points(p, a, row)
        for p, a, row in zip(predicted, actual, values.tolist(), strict=True)
    )
    return PredictorScore(correct, points)


def evaluate_games(
    games: Iterable[HumanGame], model: ProbabilityModel, *, target: float
) -> HumanEvaluation:
    """Replay the games against ``model``: for every round from the 4th on, the model predicts
    from the game so far; the frequency baseline and the n-gram predict from the same moves."""
    row_parts: list[np.ndarray] = []
    value_parts: list[np.ndarray] = []
    actual: list[int] = []
    row_games: list[int] = []
    baseline: list[int] = []
    ngram: list[int] = []
    sessions: set[str] = set()
    n_games = 0
    skip = FIRST_PREDICTED_ROUND - 1
    for game in games:
        rows, values = evaluation_rows(game, target=target)
        moves = [MOVE_INDEX[move] for move in game.human_moves]
        row_parts.append(rows)
        value_parts.append(values)
        actual.extend(moves[skip:])
        row_games.extend([n_games] * len(rows))
        baseline.extend(frequency_predictions(moves)[skip:])
        ngram.extend(ngram_predictions(moves)[skip:])
        sessions.add(game.session)
        n_games += 1
    if not actual:
        empty = PredictorScore(0, 0.0)
        return HumanEvaluation(len(sessions), n_games, 0, empty, empty, empty)
    X = np.vstack(row_parts)
    all_values = np.vstack(value_parts)
    from training.learning.families.adaptive import (
        game_probabilities,  # torch and xgboost: training only
    )

    # Each game's rows as served (each from the game's earlier rows), a game per call: the
    # serving cost per call would dominate a call per round.
    probabilities = game_probabilities(model, X, np.asarray(actual), np.asarray(row_games))
    if probabilities.shape != (len(X), len(MOVES)):
        raise ValueError(f"the model answered shape {probabilities.shape} for {len(X)} rows")
    predicted = np.argmax(probabilities, axis=1).tolist()
    return HumanEvaluation(
        sessions=len(sessions),
        games=n_games,
        rounds=len(actual),
        model=_score(predicted, actual, all_values),
        baseline=_score(baseline, actual, all_values),
        ngram=_score(ngram, actual, all_values),
    )


def games_from_file(
    path: Path | str,
    *,
    game_rounds: int,
    limit_sessions: int | None = None,
    sessions: str = "all",
) -> Iterator[HumanGame]:
    check_game_rounds(game_rounds)
    for session in read_sessions(path, limit_sessions=limit_sessions):
        if in_session_set(session.session, sessions):
            yield from session_games(session, game_rounds)
