"""Histories played round by round with their own values, for the feature tests."""

from __future__ import annotations

from collections.abc import Iterable

from games.engine.history import DifficultyMode, GameHistory
from games.engine.moves import Move
from games.engine.round_values import RoundValues
from games.engine.scoring import DEFAULT_TARGET_POINTS, score_round


def history_of(
    rounds: Iterable[tuple[Move, Move, RoundValues]],
    *,
    target: float = DEFAULT_TARGET_POINTS,
    mode: DifficultyMode = DifficultyMode.STANDARD,
) -> GameHistory:
    """A history of (player move, bot move, that round's values), oldest first."""
    history = GameHistory(target=target, difficulty_mode=mode)
    for player_move, bot_move, values in rounds:
        history = history.after(
            player_move, bot_move, values, score_round(player_move, bot_move, values)
        )
    return history


def prefixes(history: GameHistory) -> list[GameHistory]:
    """The history before each of its rounds, rebuilt round by round the way the game grew."""
    grown = GameHistory(target=history.target, difficulty_mode=history.difficulty_mode)
    before: list[GameHistory] = []
    for player_move, bot_move, values in zip(
        history.player_moves, history.bot_moves, history.values, strict=True
    ):
        before.append(grown)
        grown = grown.after(
            player_move, bot_move, values, score_round(player_move, bot_move, values)
        )
    assert grown == history
    return before
