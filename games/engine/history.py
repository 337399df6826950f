"""A game as both sides see it before the next move: what has been played and the score."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .moves import Move, Result
from .round_values import RoundValues
from .scoring import DEFAULT_TARGET_POINTS, RoundScore, add_points


class DifficultyMode(StrEnum):
    STANDARD = "standard"
    EASY = "easy"


@dataclass(frozen=True, slots=True)
class GameHistory:
    """Everything played so far, oldest first; ``results`` are from the player's side."""

    player_moves: tuple[Move, ...] = ()
    bot_moves: tuple[Move, ...] = ()
    results: tuple[Result, ...] = ()
    values: tuple[RoundValues, ...] = ()
    player_score: float = 0.0
    bot_score: float = 0.0
    target: float = DEFAULT_TARGET_POINTS
    difficulty_mode: DifficultyMode = DifficultyMode.STANDARD
    game_id: object = None  # for logs and inference capture only; no rule reads it

    @property
    def rounds_played(self) -> int:
        return len(self.player_moves)

    @property
    def next_round_no(self) -> int:
        return self.rounds_played + 1

    def after(
        self, player_move: Move, bot_move: Move, values: RoundValues, score: RoundScore
    ) -> GameHistory:
        return GameHistory(
            player_moves=(*self.player_moves, player_move),
            bot_moves=(*self.bot_moves, bot_move),
            results=(*self.results, score.result),
            values=(*self.values, values),
            player_score=add_points(self.player_score, score.player_delta),
            bot_score=add_points(self.bot_score, score.bot_delta),
            target=self.target,
            difficulty_mode=self.difficulty_mode,
            game_id=self.game_id,
        )
