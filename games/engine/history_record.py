"""A game's rounds as one small JSON value kept on the game row, so the next round is built
from the row it already locks instead of re-reading every earlier round.

Each round is ``[player_move, bot_move, result, value_rock, value_paper, value_scissors]``:
readable in the admin, and a few hundred bytes for a whole game. Scores are not repeated here:
the game row holds them (and the database checks they equal the rounds' sums).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .history import DifficultyMode, GameHistory
from .moves import Move, Result
from .round_values import RoundValues

RoundRecord = list[Any]


def round_record(player: Move, bot: Move, result: Result, values: RoundValues) -> RoundRecord:
    # Values to one decimal, as the rounds table stores them: both readings give one history.
    return [
        player.value,
        bot.value,
        result.value,
        round(values.rock, 1),
        round(values.paper, 1),
        round(values.scissors, 1),
    ]


def history_from_record(
    record: Sequence[Sequence[Any]],
    *,
    player_score: float,
    bot_score: float,
    target: float,
    difficulty_mode: DifficultyMode,
    game_id: object = None,
) -> GameHistory:
    """The engine's view of a game from its stored record and the game row's scores."""
    return GameHistory(
        player_moves=tuple(Move(r[0]) for r in record),
        bot_moves=tuple(Move(r[1]) for r in record),
        results=tuple(Result(r[2]) for r in record),
        values=tuple(RoundValues(float(r[3]), float(r[4]), float(r[5])) for r in record),
        player_score=player_score,
        bot_score=bot_score,
        target=target,
        difficulty_mode=difficulty_mode,
        game_id=game_id,
    )
