"""Plain builders for engine tests: round values by the spec's recipe and played histories."""

from __future__ import annotations

from collections.abc import Iterable

from games.engine.history import DifficultyMode, GameHistory
from games.engine.moves import Move, beaten_by, beats
from games.engine.round_values import RoundValues
from games.engine.scoring import DEFAULT_TARGET_POINTS, score_round


def values_with(*, low: Move, base: float) -> RoundValues:
    """Values as SPEC "The game" builds them: low 1.0, its victim base + 0.5, the other base."""
    by_move = {low: 1.0, beats(low): round(base + 0.5, 1), beaten_by(low): base}
    return RoundValues(by_move[Move.ROCK], by_move[Move.PAPER], by_move[Move.SCISSORS])


def played(
    rounds: Iterable[tuple[Move, Move]],
    values: RoundValues,
    *,
    target: float = DEFAULT_TARGET_POINTS,
    mode: DifficultyMode = DifficultyMode.STANDARD,
) -> GameHistory:
    """A history of (player move, bot move) rounds, all played at the same values."""
    history = GameHistory(target=target, difficulty_mode=mode)
    for player_move, bot_move in rounds:
        history = history.after(
            player_move, bot_move, values, score_round(player_move, bot_move, values)
        )
    return history
