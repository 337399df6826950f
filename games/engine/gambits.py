"""The opening book: rounds 1-3 follow a named three-move opening, drawn per game by weight.

Openings are written in value ranks, not moves, so the same opening adapts to each round's values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .moves import Move
from .round_values import RoundValues
from .seeding import stable_fraction

GAMBIT_ROUNDS = 3

Rank = Literal["highest", "middle", "lowest"]


@dataclass(frozen=True, slots=True)
class Opening:
    name: str
    ranks: tuple[Rank, Rank, Rank]
    weight: int


OPENING_BOOK: tuple[Opening, ...] = (
    Opening("steady_climb", ("lowest", "middle", "highest"), 3),
    Opening("cash_out", ("highest", "middle", "lowest"), 2),
    Opening("greedy", ("highest", "highest", "middle"), 2),
    Opening("fortress", ("lowest", "lowest", "middle"), 2),
    Opening("zigzag", ("highest", "lowest", "highest"), 2),
    Opening("middle_path", ("middle", "middle", "middle"), 1),
)
_BY_NAME = {opening.name: opening for opening in OPENING_BOOK}


def is_gambit_round(round_no: int) -> bool:
    return 1 <= round_no <= GAMBIT_ROUNDS


def choose_opening(game_id: object) -> Opening:
    """A weighted draw fixed by the game id, so a replay or retry sees the same opening."""
    point = stable_fraction("opening", game_id) * sum(o.weight for o in OPENING_BOOK)
    for opening in OPENING_BOOK:
        point -= opening.weight
        if point < 0:
            return opening
    return OPENING_BOOK[-1]


def opening_by_name(name: str) -> Opening:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValueError(f"unknown opening {name!r}") from None


def gambit_move(opening: Opening, round_no: int, values: RoundValues) -> Move:
    if not is_gambit_round(round_no):
        raise ValueError(f"round {round_no} is not a gambit round")
    rank = opening.ranks[round_no - 1]
    return getattr(values, rank)()
