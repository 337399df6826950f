"""Import recorded human sessions as finished games, so training can learn from real people.

One ``Player`` per session (kind human, name ``human-rps-<session>``, source ``human-rps``, no
browser session id); each session is cut into games of ``game_rounds`` answered rounds
(``training.human.data``). Every game is stored with our rules applied to the recorded moves:
values from ``deterministic_round_points(game.pk, round_no)``, results and points from
``score_round``, cumulative scores, rounds 1-3 flagged as gambits like every game's, and
``prediction_source`` "imported" (no model was asked).

Choices that the data cannot answer, made here once:
- The people never met our bots, but policy and family are required fields: every imported game
  says policy ``forrest`` / family ``xgboost``, alias ``Production``, no model version, opening
  ``imported``. They must never count for a bot: analytics leave imported players out
  (``games.player_filters.IMPORTED_SOURCES``), and anything else that counts games per bot or
  alias (the promotion counters, accuracy by alias) has to leave that source out too. The import
  bypasses the play service, so no gameplay metric counts them either.
- The games ran a fixed number of rounds, not to 10 points, so they are stored with
  ``target_points = 2 * game_rounds + 2``: no sequence of rounds can reach it, which keeps the
  database constraints (scores below target plus one round) true; the winner is the higher score.
- ``started_at`` is the recorded start of the game's first round and ``finished_at`` the start
  of its last (the file has no end times); rounds keep the import time as ``created_at``.

Idempotent: a session whose player already exists is skipped. Each session is one transaction,
so an interrupted import leaves whole sessions only and a re-run completes it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from core.vocabulary import POLICY_BY_FAMILY, PRODUCTION, XGBOOST
from games.engine.gambits import is_gambit_round
from games.engine.history import DifficultyMode
from games.engine.round_values import deterministic_round_points
from games.models import Game, GameStatus, Player, PlayerKind, Round
from games.player_filters import HUMAN_HOLDOUT_SOURCE, HUMAN_SESSIONS_SOURCE, IMPORTED_SOURCES
from training.human.data import (
    DEFAULT_GAME_ROUNDS,
    SESSION_SETS,
    HumanGame,
    RecordedSession,
    check_game_rounds,
    in_session_set,
    is_holdout_session,
    read_sessions,
    score_game,
    session_games,
    winner_by_score,
)

# Held-out sessions are imported under their own source, which training always leaves out.
SOURCE, HOLDOUT_SOURCE = HUMAN_SESSIONS_SOURCE, HUMAN_HOLDOUT_SOURCE
assert SOURCE in IMPORTED_SOURCES
FAMILY = XGBOOST
POLICY = POLICY_BY_FAMILY[FAMILY]
MODEL_ALIAS = PRODUCTION
OPENING = "imported"
PREDICTION_SOURCE = "imported"
# Scores are stored with max_digits=5, one decimal: 2 points a round must stay below 9999.9.
MAX_GAME_ROUNDS = 1000

SessionProgress = Callable[["ImportSummary"], None]


@dataclass(frozen=True, slots=True)
class ImportSummary:
    sessions: int = 0  # sessions read from the file
    imported: int = 0  # sessions stored as games now
    skipped: int = 0  # sessions already imported earlier
    empty: int = 0  # sessions too short for a single game
    left_out: int = 0  # sessions outside the chosen set (``sessions``): never stored
    games: int = 0
    rounds: int = 0
    seconds: float = 0.0

    def describe(self) -> str:
        left_out = f", {self.left_out} left out" if self.left_out else ""
        return (
            f"{self.sessions} sessions read: {self.imported} imported, "
            f"{self.skipped} already there, {self.empty} too short{left_out}; "
            f"{self.games} games, {self.rounds} rounds in {self.seconds:.1f} s"
        )


def player_name(session: str) -> str:
    return f"{SOURCE}-{session}"


def _points(value: float) -> Decimal:
    return Decimal(str(round(value, 1)))


def _moment(started_ms: int) -> datetime:
    return datetime.fromtimestamp(started_ms / 1000, tz=UTC)


def _store_game(player: Player, game: HumanGame, target: Decimal) -> int:
    """One game: inserted with zero scores, its rounds, then its scores (the database checks that
    a game's scores equal the sum of its rounds, so the rounds must exist first)."""
    stored = Game.objects.create(
        player=player,
        policy=POLICY,
        family=FAMILY,
        difficulty_mode=DifficultyMode.STANDARD,
        model_alias=MODEL_ALIAS,
        model_version="",
        opening=OPENING,
        target_points=target,
    )
    scored = score_game(
        game.human_moves,
        game.bot_moves,
        lambda round_no: deterministic_round_points(stored.pk, round_no),
    )
    Round.objects.bulk_create(
        Round(
            game=stored,
            round_no=r.round_no,
            player_move=r.player_move,
            bot_move=r.bot_move,
            result=r.score.result,
            value_rock=_points(r.values.rock),
            value_paper=_points(r.values.paper),
            value_scissors=_points(r.values.scissors),
            player_delta=_points(r.score.player_delta),
            bot_delta=_points(r.score.bot_delta),
            player_score_after=_points(r.player_score_after),
            bot_score_after=_points(r.bot_score_after),
            is_gambit=is_gambit_round(r.round_no),
            prediction_source=PREDICTION_SOURCE,
        )
        for r in scored
    )
    last = scored[-1]
    # started_at is auto_now_add: only a queryset update can set the recorded time.
    Game.objects.filter(pk=stored.pk).update(
        player_score=_points(last.player_score_after),
        bot_score=_points(last.bot_score_after),
        rounds_played=len(scored),
        status=GameStatus.FINISHED,
        winner=winner_by_score(last.player_score_after, last.bot_score_after),
        started_at=_moment(game.started_ms[0]),
        finished_at=_moment(game.started_ms[-1]),
    )
    return len(scored)


def human_session_import(*, session: RecordedSession, game_rounds: int) -> tuple[int, int] | None:
    """Store one session's games; None when its player exists already (imported before).
    Returns (games, rounds); a session too short for one game stores nothing."""
    games = session_games(session, game_rounds)
    name = player_name(session.session)
    with transaction.atomic():
        source = HOLDOUT_SOURCE if is_holdout_session(session.session) else SOURCE
        if Player.objects.filter(source__in=(SOURCE, HOLDOUT_SOURCE), name=name).exists():
            return None
        if not games:
            return (0, 0)
        player = Player.objects.create(
            name=name, kind=PlayerKind.HUMAN, session_id=None, source=source
        )
        target = Decimal(2 * game_rounds + 2)
        rounds = sum(_store_game(player, game, target) for game in games)
    return (len(games), rounds)


def human_sessions_import(
    *,
    path: Path | str,
    game_rounds: int = DEFAULT_GAME_ROUNDS,
    limit_sessions: int | None = None,
    sessions: str = "all",
    progress: SessionProgress | None = None,
    progress_every: int = 25,
) -> ImportSummary:
    """Import every session of the file at ``path`` (or the first ``limit_sessions``) that is in
    the set ``sessions`` ("all", "training" or "holdout": ``human_data.in_session_set``);
    ``progress`` gets the running summary every ``progress_every`` sessions."""
    check_game_rounds(game_rounds)
    if game_rounds > MAX_GAME_ROUNDS:
        raise ValueError(f"games of more than {MAX_GAME_ROUNDS} rounds cannot be stored")
    if progress_every < 1:
        raise ValueError("progress_every must be at least 1")
    started = time.perf_counter()
    summary = ImportSummary()
    if sessions not in SESSION_SETS:
        raise ValueError(f"unknown session set {sessions!r}: expected one of {SESSION_SETS}")
    for session in read_sessions(path, limit_sessions=limit_sessions):
        if not in_session_set(session.session, sessions):
            summary = replace(summary, sessions=summary.sessions + 1, left_out=summary.left_out + 1)
            continue
        stored = human_session_import(session=session, game_rounds=game_rounds)
        summary = replace(_counted(summary, stored), seconds=time.perf_counter() - started)
        if progress is not None and summary.sessions % progress_every == 0:
            progress(summary)
    return replace(summary, seconds=time.perf_counter() - started)


def _counted(summary: ImportSummary, stored: tuple[int, int] | None) -> ImportSummary:
    if stored is None:
        return replace(summary, sessions=summary.sessions + 1, skipped=summary.skipped + 1)
    games, rounds = stored
    return replace(
        summary,
        sessions=summary.sessions + 1,
        imported=summary.imported + int(games > 0),
        empty=summary.empty + int(games == 0),
        games=summary.games + games,
        rounds=summary.rounds + rounds,
    )
