"""One round as the rules play it: the bot's turn, the score, and the game after it. Pure: the
play service locks the game, calls this and stores what it returns; the simulator loops it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .bots import BotTurn, bot_turn
from .gambits import Opening
from .history import GameHistory
from .history_record import RoundRecord, round_record
from .moves import Move
from .prediction import MovePredictor
from .round_values import RoundValues
from .scoring import RoundScore, Winner, score_round, winner_of


@dataclass(frozen=True, slots=True)
class RoundOutcome:
    player_move: Move
    values: RoundValues
    turn: BotTurn
    score: RoundScore
    after: GameHistory  # the game with this round in it
    winner: Winner | None  # None while the game goes on

    @property
    def round_no(self) -> int:
        return self.after.rounds_played

    @property
    def record(self) -> RoundRecord:
        return round_record(self.player_move, self.turn.move, self.score.result, self.values)

    @property
    def carry(self) -> dict[str, Any]:
        """What the prediction left for the next round's (empty after a gambit round)."""
        prediction = self.turn.prediction
        return (prediction.carry if prediction else None) or {}


def play_round(
    history: GameHistory,
    player_move: Move,
    values: RoundValues,
    *,
    game_id: object,
    opening: Opening,
    predictor: MovePredictor,
    carried: Mapping[str, Any] | None = None,
) -> RoundOutcome:
    """The next round of the game ``history`` describes, the player having thrown
    ``player_move`` at these ``values``; ``carried`` is what the last prediction left."""
    turn = bot_turn(
        history, values, game_id=game_id, opening=opening, predictor=predictor, carried=carried
    )
    score = score_round(player_move, turn.move, values)
    after = history.after(player_move, turn.move, values, score)
    winner = winner_of(after.player_score, after.bot_score, after.target)
    return RoundOutcome(player_move, values, turn, score, after, winner)
