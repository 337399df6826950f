"""One round in process, against the floor of any round: what the play service adds to the
three statements every round needs.

The play benchmark runs this file as a script with its own environment (its database, and the
store holding its trained versions):

    python bench/play_round_cost.py --rounds 300

It times, back to back in one process on PostgreSQL:

- **model round**: ``games.services.round_play`` on a model round (rounds 4 on) of a game
  pinned to a real trained version, its model preloaded as a served process has it;
- **floor (ORM)**: the same three statements through the ORM with no game logic: the locked
  read of the game (with the ownership filter), the insert of a drawn round, the update of the
  game's scores (the scores trigger runs as in a play);
- **floor (SQL)**: the same three statements as plain SQL on the cursor.

Then it profiles model rounds and prints where their time goes (cProfile, by own time).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from games.models import Player

RESULT_PREFIX = "round-cost: "
PLAYER_NAME = "bench-round-cost"
POLICIES = ("brian", "forrest", "logan")
PROFILED_ROUNDS = 60


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rpsweb.settings")
    import django

    django.setup()


class Games:
    """Games of the benchmark's simulation player, started when the last one finishes; the
    gambit rounds are played at the start, so that every timed round asks the model."""

    def __init__(self, policy: str, player: Player) -> None:
        from games import services

        self.services = services
        self.player = player
        self.policy = policy
        self.game_id = 0
        self.move = 0

    def next_model_round(self) -> int:
        from games.engine.gambits import GAMBIT_ROUNDS
        from games.models import Game

        game = Game.objects.filter(pk=self.game_id).first()
        if game is None or game.is_finished:
            game = self.services.game_start(player=self.player, policy=self.policy, is_test=True)
            self.game_id = game.pk
            for _ in range(GAMBIT_ROUNDS):
                self.play()
        return self.game_id

    def play(self) -> str:
        """One round; the source of its prediction ("gambit", "model", "fallback", ...)."""
        self.move = (self.move + 1) % 3
        played = self.services.round_play(
            game_id=self.game_id, move=("rock", "paper", "scissors")[self.move], player=self.player
        )
        return played.round.prediction_source


def floor_game(player_id: int) -> int:
    """An active game to write drawn rounds to, far from its target."""
    from games.models import Game

    game = Game.objects.create(
        player_id=player_id,
        policy="logan",
        family="mnlogit",
        model_alias="Production",
        opening="floor",
        target_points=Decimal("990"),
        is_test=True,
    )
    return game.pk


def simulation_player() -> Player:
    """The benchmark's one player: a simulation account, never in analytics."""
    from games.models import Player, PlayerKind
    from games.player_filters import classify_player_name

    if classify_player_name(PLAYER_NAME) != PlayerKind.SIMULATION:
        raise SystemExit(f"{PLAYER_NAME} is not a simulation account: see games.player_filters")
    player = Player.objects.filter(name=PLAYER_NAME, kind=PlayerKind.SIMULATION).first()
    return player or Player.objects.create(
        name=PLAYER_NAME, kind=PlayerKind.SIMULATION, source="simulation"
    )


def floor_orm(game_id: int, player_id: int) -> Callable[[], None]:
    from django.db import transaction
    from django.db.models import F

    from games.models import Game, Round

    def one() -> None:
        with transaction.atomic():
            game = Game.objects.select_for_update(of=("self",)).get(pk=game_id, player_id=player_id)
            Round.objects.create(
                game=game, round_no=game.rounds_played + 1, player_move="rock", bot_move="rock",
                result="draw", value_rock=1, value_paper=Decimal("1.5"), value_scissors=2,
                player_delta=Decimal("0.5"), bot_delta=Decimal("0.5"),
                player_score_after=game.player_score + Decimal("0.5"),
                bot_score_after=game.bot_score + Decimal("0.5"), prediction_source="floor",
            )  # fmt: skip
            Game.objects.filter(pk=game_id).update(
                player_score=F("player_score") + Decimal("0.5"),
                bot_score=F("bot_score") + Decimal("0.5"),
                rounds_played=F("rounds_played") + 1,
            )

    return one


SQL_LOCK = "SELECT id, rounds_played, player_score, bot_score FROM games_game WHERE id = %s AND player_id = %s FOR UPDATE"  # noqa: E501
SQL_INSERT = """
INSERT INTO games_round (game_id, round_no, player_move, bot_move, result, value_rock,
    value_paper, value_scissors, player_delta, bot_delta, player_score_after, bot_score_after,
    is_gambit, prediction_source, reading, created_at)
VALUES (%s, %s, 'rock', 'rock', 'draw', 1, 1.5, 2, 0.5, 0.5, %s, %s, false, 'floor', '[]', now())
"""
SQL_UPDATE = """
UPDATE games_game SET player_score = player_score + 0.5, bot_score = bot_score + 0.5,
    rounds_played = rounds_played + 1, updated_at = now() WHERE id = %s
"""


def floor_sql(game_id: int, player_id: int) -> Callable[[], None]:
    from django.db import connection, transaction

    def one() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(SQL_LOCK, [game_id, player_id])
            _, played, player_score, bot_score = cursor.fetchone()
            half = Decimal("0.5")
            cursor.execute(SQL_INSERT, [game_id, played + 1, player_score + half, bot_score + half])
            cursor.execute(SQL_UPDATE, [game_id])

    return one


def timed(action: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter_ns()
    answer = action()
    return (time.perf_counter_ns() - started) / 1000, answer


def measure(rounds: int) -> dict[str, object]:
    from training import serving

    serving.preload_all()
    player = simulation_player()
    player_id = player.pk
    games = [Games(policy, player) for policy in POLICIES]
    samples: dict[str, list[float]] = {"model round": [], "floor (ORM)": [], "floor (SQL)": []}
    floors = {"floor (ORM)": floor_orm, "floor (SQL)": floor_sql}
    floor_games = {name: floor_game(player_id) for name in floors}
    floor_actions = {name: make(floor_games[name], player_id) for name, make in floors.items()}
    sources: dict[str, int] = {}
    for i in range(rounds):
        game = games[i % len(games)]
        game.next_model_round()
        took, source = timed(game.play)
        samples["model round"].append(took)
        sources[str(source)] = sources.get(str(source), 0) + 1
        # Every ~1,900 drawn rounds a floor game nears its target: a fresh one then.
        for name in floors:
            if i and i % 1_500 == 0:
                floor_games[name] = floor_game(player_id)
                floor_actions[name] = floors[name](floor_games[name], player_id)
            samples[name].append(timed(floor_actions[name])[0])
    medians = {name: statistics.median(values) for name, values in samples.items()}
    profile = profiled(games)
    return {"medians_us": medians, "rounds": rounds, "sources": sources, "profile": profile}


def profiled(games: list[Games]) -> str:
    profiler = cProfile.Profile()
    for i in range(PROFILED_ROUNDS):
        game = games[i % len(games)]
        game.next_model_round()
        profiler.enable()
        game.play()
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats("tottime").print_stats(15)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args(argv)
    setup_django()
    import json

    result = measure(args.rounds)
    print(result.pop("profile"))
    print(RESULT_PREFIX + json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
