"""Factories for tests. Games are built through the play service, so that every game a test
sees obeys the same rules and constraints as a real one."""

from __future__ import annotations

import itertools
from decimal import Decimal

import factory

from games import services
from games.engine.moves import MOVES
from games.models import Game, Player, PlayerKind, Round


class PlayerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Player

    name = factory.Sequence(lambda n: f"player{n}")
    kind = PlayerKind.HUMAN
    session_id = factory.Sequence(lambda n: f"session-{n}")


def start_game(*, player: Player | None = None, policy: str = "forrest", **kwargs) -> Game:
    return services.game_start(player=player or PlayerFactory(), policy=policy, **kwargs)


def play_game(game: Game, moves: list[str] | None = None) -> Game:
    """Play ``game`` to the end, cycling through ``moves`` (rock, paper, scissors by default)."""
    cycle = itertools.cycle(moves or [m.value for m in MOVES])
    while not game.is_finished:
        game = services.round_play(game_id=game.pk, move=next(cycle), player=None).game
    return game


def finished_game(**kwargs) -> Game:
    return play_game(start_game(**kwargs))


def round_like(game: Game, **overrides) -> Round:
    """An unsaved round of ``game``: a first-round win, unless ``overrides`` say otherwise."""
    fields = dict(
        game=game,
        round_no=1,
        player_move="rock",
        bot_move="scissors",
        result="win",
        value_rock=Decimal("1.5"),
        value_paper=Decimal("1.0"),
        value_scissors=Decimal("2.0"),
        player_delta=Decimal("1.5"),
        bot_delta=Decimal("0"),
        player_score_after=Decimal("1.5"),
        bot_score_after=Decimal("0"),
    )
    fields.update(overrides)
    return Round(**fields)
