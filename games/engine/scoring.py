"""First-to-target scoring: the round's winner gains the value of the move they won with."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .moves import Move, Result, result_of
from .round_values import RoundValues

DEFAULT_TARGET_POINTS = 10.0
DRAW_POINTS = 0.5


class Winner(StrEnum):
    USER = "user"
    BOT = "bot"
    TIE = "tie"


@dataclass(frozen=True, slots=True)
class RoundScore:
    result: Result
    player_delta: float
    bot_delta: float


def add_points(score: float, delta: float) -> float:
    """Scores are exact to one decimal; rounding after each step keeps float drift out."""
    return round(score + delta, 1)


def score_round(player_move: Move, bot_move: Move, values: RoundValues) -> RoundScore:
    result = result_of(player_move, bot_move)
    if result is Result.DRAW:
        return RoundScore(result, DRAW_POINTS, DRAW_POINTS)
    if result is Result.WIN:
        return RoundScore(result, values.of(player_move), 0.0)
    return RoundScore(result, 0.0, values.of(bot_move))


def is_finished(player_score: float, bot_score: float, target: float) -> bool:
    return player_score >= target or bot_score >= target


def winner_of(player_score: float, bot_score: float, target: float) -> Winner | None:
    """None while the game is on; when both reach the target in one round, the higher wins."""
    if not is_finished(player_score, bot_score, target):
        return None
    if player_score > bot_score:
        return Winner.USER
    if bot_score > player_score:
        return Winner.BOT
    return Winner.TIE
