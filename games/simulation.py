"""Scripted opponents play whole games against the bots, through the real play service.

This is the original system's "legacy gameplay" job: it produces the training data. Every round
goes through ``services.round_play``, so a simulated game obeys exactly the rules, constraints
and metrics of a game a person plays; only the player's move comes from a scripted habit.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count

from core.vocabulary import FAMILY_BY_POLICY
from games import selectors, services
from games.engine.bots import UnknownPolicy, resolve_policy
from games.engine.history import DifficultyMode
from games.engine.opponents import SCRIPTED_OPPONENTS, scripted_move
from games.engine.scoring import Winner
from games.engine.simulation import MAX_ROUNDS
from games.models import Game, GameStatus, Player, PlayerKind

logger = logging.getLogger(__name__)

OPPONENTS: tuple[str, ...] = tuple(SCRIPTED_OPPONENTS)
# The base policies: the legacy job plays standard games; easy mode is asked for explicitly.
POLICIES: tuple[str, ...] = tuple(FAMILY_BY_POLICY)

Progress = Callable[[int, int], None]
PairProgress = Callable[[str, str, int, int], None]


@dataclass(frozen=True, slots=True)
class SimulationSummary:
    games: int = 0
    rounds: int = 0
    bot_wins: int = 0
    player_wins: int = 0
    ties: int = 0
    seconds: float = 0.0
    game_ids: tuple[int, ...] = ()

    def __add__(self, other: SimulationSummary) -> SimulationSummary:
        return SimulationSummary(
            games=self.games + other.games,
            rounds=self.rounds + other.rounds,
            bot_wins=self.bot_wins + other.bot_wins,
            player_wins=self.player_wins + other.player_wins,
            ties=self.ties + other.ties,
            seconds=self.seconds + other.seconds,
            game_ids=self.game_ids + other.game_ids,
        )

    def as_dict(self) -> dict[str, int | float]:
        """A JSON-able digest (without the game ids, which can be many)."""
        return {
            "games": self.games,
            "rounds": self.rounds,
            "bot_wins": self.bot_wins,
            "player_wins": self.player_wins,
            "ties": self.ties,
            "seconds": round(self.seconds, 3),
        }

    def describe(self) -> str:
        return (
            f"{self.games} games, {self.rounds} rounds in {self.seconds:.1f} s: "
            f"bot won {self.bot_wins}, player won {self.player_wins}, ties {self.ties}"
        )


def _summary_of(games: Sequence[Game], seconds: float) -> SimulationSummary:
    winners = [game.winner for game in games]
    return SimulationSummary(
        games=len(games),
        rounds=sum(game.rounds_played for game in games),
        bot_wins=winners.count(Winner.BOT),
        player_wins=winners.count(Winner.USER),
        ties=winners.count(Winner.TIE),
        seconds=seconds,
        game_ids=tuple(game.pk for game in games),
    )


def _check_opponent(opponent: str) -> None:
    if opponent not in SCRIPTED_OPPONENTS:
        raise ValueError(f"unknown opponent {opponent!r}: expected one of {', '.join(OPPONENTS)}")


def _check_policy(policy: str) -> None:
    try:
        resolve_policy(policy)
    except UnknownPolicy as error:
        raise ValueError(str(error)) from None


def _check_difficulty(difficulty_mode: str | None) -> DifficultyMode | None:
    if difficulty_mode is None:
        return None
    try:
        return DifficultyMode(difficulty_mode)
    except ValueError:
        expected = ", ".join(mode.value for mode in DifficultyMode)
        raise ValueError(
            f"unknown difficulty_mode {difficulty_mode!r}: expected one of {expected}"
        ) from None


def _check_count(count: int, *, minimum: int = 1) -> None:
    # bool is an int: True must not quietly mean one game.
    if isinstance(count, bool) or not isinstance(count, int) or count < minimum:
        raise ValueError(f"count must be an integer of at least {minimum}, got {count!r}")


@transaction.atomic
def _play_one(
    *,
    player: Player,
    opponent: str,
    policy: str,
    difficulty_mode: DifficultyMode | None,
    is_test: bool,
) -> Game:
    # One transaction per game: a failure never leaves a half-played game in the training data.
    game = services.game_start(
        player=player, policy=policy, difficulty_mode=difficulty_mode, is_test=is_test
    )
    while not game.is_finished:
        if game.rounds_played >= MAX_ROUNDS:
            raise RuntimeError(f"simulated game {game.pk} did not finish in {MAX_ROUNDS} rounds")
        values = selectors.next_round_values(game)
        assert values is not None  # the game is not finished
        move = scripted_move(
            opponent,
            selectors.game_history(game),
            values,
            game_id=game.pk,
            noise=settings.SCRIPTED_NOISE,
        )
        game = services.round_play(game_id=game.pk, move=move, player=None).game
    return game


def simulation_run(
    *,
    opponent: str,
    policy: str,
    count: int,
    difficulty_mode: str | None = None,
    is_test: bool = False,
    progress: Progress | None = None,
) -> SimulationSummary:
    """Play ``count`` complete games of the scripted ``opponent`` against ``policy``;
    ``progress(done, count)`` is called after each game."""
    _check_opponent(opponent)
    _check_policy(policy)
    _check_count(count)
    mode = _check_difficulty(difficulty_mode)
    player = services.player_get_or_create(name=opponent)
    started = time.perf_counter()
    games: list[Game] = []
    for done in range(1, count + 1):
        games.append(
            _play_one(
                player=player,
                opponent=opponent,
                policy=policy,
                difficulty_mode=mode,
                is_test=is_test,
            )
        )
        if progress is not None:
            progress(done, count)
    summary = _summary_of(games, time.perf_counter() - started)
    logger.info(
        "simulated games",
        extra={"opponent": opponent, "policy": policy, **summary.as_dict()},
    )
    return summary


def simulation_run_pairs(
    *,
    opponents: Sequence[str],
    policies: Sequence[str],
    count: int,
    difficulty_mode: str | None = None,
    is_test: bool = False,
    progress: PairProgress | None = None,
) -> SimulationSummary:
    """``count`` games for every (opponent, policy) pair; everything is checked before the
    first game, so a typo in the last name does not leave a partial run behind."""
    for opponent in opponents:
        _check_opponent(opponent)
    for policy in policies:
        _check_policy(policy)
    _check_count(count)
    _check_difficulty(difficulty_mode)
    total = SimulationSummary()
    for opponent, policy in _pairs(opponents, policies):
        total += simulation_run(
            opponent=opponent,
            policy=policy,
            count=count,
            difficulty_mode=difficulty_mode,
            is_test=is_test,
            progress=_pair_progress(progress, opponent, policy),
        )
    return total


def legacy_gameplay_run(
    *, games_per_opponent: int, progress: PairProgress | None = None
) -> SimulationSummary:
    """The scheduled job: every scripted opponent against every bot policy."""
    return simulation_run_pairs(
        opponents=OPPONENTS, policies=POLICIES, count=games_per_opponent, progress=progress
    )


def scripted_games_by_pair() -> dict[tuple[str, str], int]:
    """Finished, non-test games of each scripted opponent against each policy."""
    rows = (
        Game.objects.filter(
            player__kind=PlayerKind.SCRIPTED, status=GameStatus.FINISHED, is_test=False
        )
        .values("player__name", "policy")
        .annotate(games=Count("pk"))
    )
    return {(row["player__name"], row["policy"]): row["games"] for row in rows}


def bootstrap_games_top_up(
    *, games_per_pair: int, progress: PairProgress | None = None
) -> SimulationSummary:
    """Bring every (opponent, policy) pair up to ``games_per_pair`` finished games. Pairs that
    have enough are left alone, so running it again (or after an interrupted run) only plays
    what is missing.

    Games are played round-robin, one per pair that still lacks games in each pass, so that
    opponents are mixed over time: training's chronological hold-out (the newest games) then
    holds every opponent rather than only the last ones simulated."""
    _check_count(games_per_pair, minimum=0)
    existing = scripted_games_by_pair()
    lacking = {pair: games_per_pair - existing.get(pair, 0) for pair in _pairs(OPPONENTS, POLICIES)}
    missing = {pair: count for pair, count in lacking.items() if count > 0}
    opponents = dict.fromkeys(opponent for opponent, _ in missing)
    players = {opponent: services.player_get_or_create(name=opponent) for opponent in opponents}
    done = dict.fromkeys(missing, 0)
    started = time.perf_counter()
    games: list[Game] = []
    for _ in range(max(missing.values(), default=0)):
        for (opponent, policy), count in missing.items():
            if done[opponent, policy] == count:
                continue
            games.append(
                _play_one(
                    player=players[opponent],
                    opponent=opponent,
                    policy=policy,
                    difficulty_mode=None,
                    is_test=False,
                )
            )
            done[opponent, policy] += 1
            if progress is not None:
                progress(opponent, policy, done[opponent, policy], count)
    summary = _summary_of(games, time.perf_counter() - started)
    if games:
        logger.info("bootstrap games simulated", extra=summary.as_dict())
    return summary


def _pairs(opponents: Iterable[str], policies: Sequence[str]) -> list[tuple[str, str]]:
    return [(opponent, policy) for opponent in opponents for policy in policies]


def _pair_progress(progress: PairProgress | None, opponent: str, policy: str) -> Progress | None:
    if progress is None:
        return None

    def report(done: int, count: int) -> None:
        progress(opponent, policy, done, count)

    return report
