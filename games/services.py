"""Writes of the gameplay room: find or create players, start games, play rounds.

A round is one transaction holding a row lock on its game, so concurrent requests for one game
are serialised by the database; a repeated request for a played round gets the stored answer.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.vocabulary import PRODUCTION
from games import metrics, rows, signals
from games.engine.bots import UnknownPolicy, resolve_policy
from games.engine.gambits import choose_opening, is_gambit_round, opening_by_name
from games.engine.history import DifficultyMode
from games.engine.moves import InvalidMove, Move, parse_move
from games.engine.prediction import MovePredictor, UniformPredictor
from games.engine.round import RoundOutcome, play_round
from games.engine.round_values import deterministic_round_points
from games.errors import (
    ForeignGame,
    GameFinished,
    GameNotFound,
    InvalidInput,
    RoundConflict,
)
from games.models import Game, GameStatus, Player, PlayerKind, Round
from games.player_filters import classify_player_name
from games.selectors import game_history
from training import serving

MAX_NAME_LENGTH = 64
# Stands in for a predictor in gambit rounds, where bot_turn asks none.
_NO_MODEL = UniformPredictor()
DEFAULT_PLAYER_NAME = "Player"


def _decimal(value: float) -> Decimal:
    return Decimal(str(round(value, 1)))


def _clean_name(name: str | None) -> str:
    cleaned = (name or "").strip()
    if len(cleaned) > MAX_NAME_LENGTH:
        raise InvalidInput(f"player_name is longer than {MAX_NAME_LENGTH} characters")
    return cleaned


def player_get_or_create(
    *,
    name: str | None = None,
    session_id: str | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
    source: str = "web",
) -> Player:
    """The player behind a request: the signed-in user's, a scripted opponent's (one row per
    name), the one owning ``session_id``, or a new anonymous player with a fresh session id."""
    cleaned = _clean_name(name)
    if user is not None and user.is_authenticated:
        player, _ = Player.objects.get_or_create(
            user=user, defaults={"name": cleaned or user.get_username(), "source": source}
        )
        return player
    kind = classify_player_name(cleaned) if cleaned else PlayerKind.HUMAN
    if kind == PlayerKind.SCRIPTED:
        player, _ = Player.objects.get_or_create(
            kind=kind, name=cleaned, defaults={"source": "simulation"}
        )
        return player
    if session_id:
        if len(session_id) > 64:
            raise InvalidInput("session_id is longer than 64 characters")
        try:
            player, created = Player.objects.get_or_create(
                session_id=session_id,
                defaults={"name": cleaned or DEFAULT_PLAYER_NAME, "kind": kind, "source": source},
            )
        except IntegrityError:  # a concurrent request created it first
            player, created = Player.objects.get(session_id=session_id), False
        if not created and cleaned and player.name != cleaned:
            player.name = cleaned
            player.save(update_fields=["name"])
        return player
    return Player.objects.create(
        name=cleaned or DEFAULT_PLAYER_NAME,
        kind=kind,
        session_id=uuid.uuid4().hex,
        source=source,
    )


def game_start(
    *,
    player: Player,
    policy: str,
    difficulty_mode: DifficultyMode | str | None = None,
    is_test: bool = False,
    target_points: float | None = None,
) -> Game:
    from django.conf import settings

    try:
        mode = DifficultyMode(difficulty_mode) if difficulty_mode else None
    except ValueError:
        raise InvalidInput(
            f"unknown difficulty_mode {difficulty_mode!r}: expected standard or easy"
        ) from None
    try:
        choice = resolve_policy(policy, mode)
    except UnknownPolicy as error:
        raise InvalidInput(str(error)) from None
    target = target_points if target_points is not None else settings.TARGET_POINTS
    with transaction.atomic():
        game = Game.objects.create(
            player=player,
            policy=choice.policy,
            family=choice.family,
            difficulty_mode=choice.difficulty_mode,
            model_alias=PRODUCTION,
            opening="",
            target_points=_decimal(target),
            is_test=is_test,
        )
        # Alias and opening hash the game id, which exists only after the insert.
        assignment = serving.assign_model(family=game.family, game_id=game.pk)
        game.model_alias = assignment.alias
        game.model_version = assignment.version
        game.opening = choose_opening(game.pk).name
        game.save(update_fields=["model_alias", "model_version", "opening"])
        transaction.on_commit(lambda: metrics.game_started(game))
    return game


@dataclass(frozen=True)
class PlayedRound:
    game: Game
    round: Round
    created: bool  # False when a repeated request got the stored answer


def _asker(player: Player | None, session_id: str | None, *, id_only: bool) -> rows.Asker:
    """Which games the asker may play, as the locked read's filter (one statement)."""
    if player is not None:
        return rows.Asker("player", player.pk)
    if session_id:
        return rows.Asker("session", session_id)
    if id_only:
        # The original clients send only a game id: a game of a signed-in user or of a browser
        # session is that player's, and refused to them.
        return rows.Asker("anonymous")
    return rows.Asker("trusted")  # trusted callers: the simulator


def _pinned(game: Game) -> dict[str, str]:
    """The model pinned on the game, as ``training.serving`` names it."""
    return {"family": game.family, "alias": game.model_alias, "version": game.model_version}


class _ModelNotInMemory(Exception):
    """Raised inside a round's transaction when its model is not loaded in this process: the
    transaction is rolled back (nothing was written), the model loaded, the round tried again."""

    def __init__(self, game: Game) -> None:
        super().__init__(f"{game.family} v{game.model_version} is not loaded")
        self.pinned = _pinned(game)


def round_play(
    *,
    game_id: int,
    move: str | Move,
    player: Player | None,
    round_no: int | None = None,
    id_only: bool = False,
    session_id: str | None = None,
) -> PlayedRound:
    """Play the player's ``move`` in the next round. ``player`` is who asks: the game must be
    theirs. None is a trusted caller such as the simulator, or the player owning ``session_id``
    (the original clients' way to say who they are), or with ``id_only`` a client that names
    the game by id alone. ``round_no``, when given, makes the request idempotent.

    A round is three statements, all under the game's lock: the locked read (which also checks
    ownership), the round's insert and the game's update, which carries the record and the model
    state the next round starts from. The model must be in this process's memory (workers
    preload them); if it is not, the lock is let go before it is loaded.
    """
    try:
        player_move = parse_move(move)
    except InvalidMove as error:
        raise InvalidInput(str(error)) from None
    if round_no is not None and (not isinstance(round_no, int) or round_no < 1):
        raise InvalidInput("round must be a positive integer")
    asker = _asker(player, session_id, id_only=id_only)
    serving.refresh_if_due()  # it may read the database: never while the game is locked
    try:
        return _round_play_locked(
            game_id, player_move, asker, round_no, load=False, session_id=session_id
        )
    except _ModelNotInMemory as missing:
        # A model is never fetched or loaded while the game's row is locked: the lock was let
        # go with the rolled-back transaction; load, then play the round from the start.
        serving.predictor_for(**missing.pinned)
    return _round_play_locked(
        game_id, player_move, asker, round_no, load=True, session_id=session_id
    )


def _round_play_locked(
    game_id: int,
    player_move: Move,
    asker: rows.Asker,
    round_no: int | None,
    *,
    load: bool,
    session_id: str | None = None,
) -> PlayedRound:
    """The round under its game's lock, if the ``asker`` filter lets them play it; with
    ``load`` False it refuses to load a model. Its three statements are plain SQL
    (``games.rows``): the ORM's compiling of them cost more than the database's work."""
    with transaction.atomic():
        game = rows.game_lock(game_id=game_id, asker=asker)
        if game is None:
            # Which refusal it is, read only on this path: a played round pays nothing for it.
            if session_id and not Player.objects.filter(session_id=session_id).exists():
                raise GameNotFound(f"no player with session_id {session_id!r}")
            if Game.objects.filter(pk=game_id).exists():
                raise ForeignGame("this game belongs to another player")
            raise GameNotFound(f"no game with id {game_id}")
        if round_no is not None and round_no <= game.rounds_played:
            stored = game.rounds.get(round_no=round_no)
            if stored.player_move != player_move:
                raise RoundConflict(
                    f"round {round_no} was already played with {stored.player_move}"
                )
            return PlayedRound(game, stored, created=False)
        if game.is_finished:
            raise GameFinished(f"game {game.pk} is finished; start a new game")
        next_no = game.rounds_played + 1
        if round_no is not None and round_no != next_no:
            raise RoundConflict(f"round {round_no} is out of order: the next round is {next_no}")
        predictor: MovePredictor = _NO_MODEL  # no model is asked in gambit rounds
        if not is_gambit_round(next_no):
            known = serving.predictor_in_memory(**_pinned(game))
            if known is None and not load:
                raise _ModelNotInMemory(game)
            # Only when the model was just loaded and is already gone again (a reload moved
            # the aliases in between): rare enough to load it here rather than loop.
            predictor = known or serving.predictor_for(**_pinned(game))

        asked = time.perf_counter()
        outcome = play_round(
            game_history(game),
            player_move,
            deterministic_round_points(game.pk, next_no),
            game_id=game.pk,
            opening=opening_by_name(game.opening),
            predictor=predictor,
            carried=game.model_carry,
        )
        serving_ms = (time.perf_counter() - asked) * 1000
        stored = _round_store(game, outcome, serving_ms=serving_ms)
        game.player_score = _decimal(outcome.after.player_score)
        game.bot_score = _decimal(outcome.after.bot_score)
        game.rounds_played = outcome.round_no
        game.record = [*game.record, outcome.record]
        game.model_carry = outcome.carry
        if outcome.winner is not None:
            game.status = GameStatus.FINISHED
            game.winner = outcome.winner
            game.finished_at = timezone.now()
        rows.game_update(
            game=game,
            fields=[
                "player_score",
                "bot_score",
                "rounds_played",
                "record",
                "model_carry",
                "status",
                "winner",
                "finished_at",
                "updated_at",
            ],
        )
        if game.is_finished:
            signals.game_finished.send(sender=Game, game=game)
        transaction.on_commit(lambda: metrics.round_played(game, stored))
    return PlayedRound(game, stored, created=True)


def _round_store(game: Game, outcome: RoundOutcome, *, serving_ms: float) -> Round:
    prediction = outcome.turn.prediction
    probabilities = prediction.probabilities if prediction else (None, None, None)
    values, score, after = outcome.values, outcome.score, outcome.after
    return rows.round_insert(
        played=Round(
            game=game,
            round_no=outcome.round_no,
            player_move=outcome.player_move,
            bot_move=outcome.turn.move,
            result=score.result,
            value_rock=_decimal(values.rock),
            value_paper=_decimal(values.paper),
            value_scissors=_decimal(values.scissors),
            player_delta=_decimal(score.player_delta),
            bot_delta=_decimal(score.bot_delta),
            player_score_after=_decimal(after.player_score),
            bot_score_after=_decimal(after.bot_score),
            is_gambit=prediction is None,
            prob_rock=probabilities[0],
            prob_paper=probabilities[1],
            prob_scissors=probabilities[2],
            prediction_source=prediction.source if prediction else "gambit",
            serving_ms=round(serving_ms, 3) if prediction else None,
            reading=[[name, round(weight, 4)] for name, weight in prediction.reading]
            if prediction
            else [],
        )
    )
