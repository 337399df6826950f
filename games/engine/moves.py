"""Moves, who beats whom, and round results — the vocabulary every other module speaks."""

from __future__ import annotations

from enum import StrEnum


class Move(StrEnum):
    ROCK = "rock"
    PAPER = "paper"
    SCISSORS = "scissors"


# The fixed order of probability vectors, one-hot encodings and tie-breaks everywhere.
MOVES: tuple[Move, Move, Move] = (Move.ROCK, Move.PAPER, Move.SCISSORS)
MOVE_INDEX: dict[Move, int] = {move: i for i, move in enumerate(MOVES)}

_BEATS: dict[Move, Move] = {
    Move.ROCK: Move.SCISSORS,
    Move.PAPER: Move.ROCK,
    Move.SCISSORS: Move.PAPER,
}
_BEATEN_BY: dict[Move, Move] = {loser: winner for winner, loser in _BEATS.items()}


class InvalidMove(ValueError):
    """Raised for anything that is not rock, paper or scissors."""


class Result(StrEnum):
    """A round's result, always from the player's side (the original contract's words)."""

    WIN = "win"
    LOSE = "lose"
    DRAW = "draw"


def beats(move: Move) -> Move:
    """The move that ``move`` defeats."""
    return _BEATS[move]


def beaten_by(move: Move) -> Move:
    """The move that defeats ``move``."""
    return _BEATEN_BY[move]


def parse_move(text: object) -> Move:
    """Read a move case-insensitively; anything else is an ``InvalidMove``."""
    if isinstance(text, Move):
        return text
    if not isinstance(text, str):
        raise InvalidMove(f"a move must be a string, not {type(text).__name__}")
    try:
        return Move(text.strip().lower())
    except ValueError:
        raise InvalidMove(f"unknown move {text!r}: expected rock, paper or scissors") from None


def result_of(player: Move, bot: Move) -> Result:
    if player == bot:
        return Result.DRAW
    return Result.WIN if beats(player) == bot else Result.LOSE
