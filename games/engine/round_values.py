"""Per-round move values: known to both sides before they move.

``deterministic_round_points(game_id, round_no)`` hashes the pair with SHA-256. The first byte
picks the round's *low* move (worth 1.0); the second picks a base in {1.1, ..., 1.5}. The move that
the low move beats is worth base + 0.5 (1.6 to 2.0) and the remaining move is worth the base. So
the most valuable move is always beaten by the low move: value and safety pull against each other.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from .moves import MOVE_INDEX, MOVES, Move, beaten_by, beats

LOW_VALUE = 1.0
BASES = (1.1, 1.2, 1.3, 1.4, 1.5)
TOP_BONUS = 0.5


@dataclass(frozen=True, slots=True)
class RoundValues:
    rock: float
    paper: float
    scissors: float

    @classmethod
    def from_mapping(cls, values: dict[str, float]) -> RoundValues:
        return cls(
            rock=float(values["rock"]),
            paper=float(values["paper"]),
            scissors=float(values["scissors"]),
        )

    def of(self, move: Move) -> float:
        return (self.rock, self.paper, self.scissors)[MOVE_INDEX[move]]

    def as_tuple(self) -> tuple[float, float, float]:
        return (self.rock, self.paper, self.scissors)

    def as_dict(self) -> dict[str, float]:
        return {"rock": self.rock, "paper": self.paper, "scissors": self.scissors}

    def ranked(self) -> tuple[Move, Move, Move]:
        """Moves from most to least valuable (ties, which never occur here, in MOVES order)."""
        return _ranking(self.rock, self.paper, self.scissors)

    def highest(self) -> Move:
        return self.ranked()[0]

    def middle(self) -> Move:
        return self.ranked()[1]

    def lowest(self) -> Move:
        return self.ranked()[2]

    def spread(self) -> float:
        return round(self.of(self.highest()) - self.of(self.lowest()), 1)


def value_tiers(values: RoundValues) -> tuple[Move, Move, Move]:
    """The round's most valuable move, the move that beats it, and the move that beats that."""
    top = values.highest()
    beater = beaten_by(top)
    return (top, beater, beaten_by(beater))


@lru_cache(maxsize=256)
def _ranking(*values: float) -> tuple[Move, Move, Move]:
    # Cached: every feature row ranks the values of each round so far, and a game's rounds
    # draw from a handful of value triples (15 in play).
    ordered = sorted(MOVES, key=lambda m: (-values[MOVE_INDEX[m]], MOVE_INDEX[m]))
    return (ordered[0], ordered[1], ordered[2])


def _digest(game_id: object, round_no: int) -> bytes:
    return hashlib.sha256(f"{game_id}:{round_no}".encode()).digest()


def deterministic_round_points(game_id: object, round_no: int) -> RoundValues:
    """The values of round ``round_no`` (1-based) of game ``game_id``; pure and stable."""
    if round_no < 1:
        raise ValueError("round numbers start at 1")
    digest = _digest(game_id, round_no)
    low = MOVES[digest[0] % 3]
    base = BASES[digest[1] % len(BASES)]
    top = beats(low)
    middle = beaten_by(low)
    values = {low: LOW_VALUE, top: round(base + TOP_BONUS, 1), middle: base}
    return RoundValues(values[Move.ROCK], values[Move.PAPER], values[Move.SCISSORS])
