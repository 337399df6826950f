"""A whole game between a bot and a scripted opponent, in memory: for gauntlets and tests."""

from __future__ import annotations

from dataclasses import dataclass

from .bots import BotTurn
from .gambits import choose_opening
from .history import DifficultyMode, GameHistory
from .opponents import DEFAULT_NOISE, scripted_move
from .prediction import MovePredictor
from .round import play_round
from .round_values import deterministic_round_points
from .scoring import DEFAULT_TARGET_POINTS, Winner, is_finished

# A safety net only: with every round worth at least 0.5 to someone, 10 points need < 40 rounds.
MAX_ROUNDS = 200


@dataclass(frozen=True, slots=True)
class SimulatedGame:
    history: GameHistory
    winner: Winner
    turns: tuple[BotTurn, ...]


def simulate_game(
    *,
    game_id: object,
    opponent: str,
    predictor: MovePredictor,
    target: float = DEFAULT_TARGET_POINTS,
    difficulty_mode: DifficultyMode = DifficultyMode.STANDARD,
    noise: float = DEFAULT_NOISE,
) -> SimulatedGame:
    history = GameHistory(target=target, difficulty_mode=difficulty_mode)
    opening = choose_opening(game_id)
    turns: list[BotTurn] = []
    winner: Winner | None = None
    while not is_finished(history.player_score, history.bot_score, target):
        if history.rounds_played >= MAX_ROUNDS:
            raise RuntimeError("a simulated game did not finish")
        values = deterministic_round_points(game_id, history.next_round_no)
        player_move = scripted_move(opponent, history, values, game_id=game_id, noise=noise)
        # What the previous prediction left lets a carrying predictor read one new round.
        carried = turns[-1].prediction.carry if turns and turns[-1].prediction else None
        outcome = play_round(
            history,
            player_move,
            values,
            game_id=game_id,
            opening=opening,
            predictor=predictor,
            carried=carried,
        )
        turns.append(outcome.turn)
        history = outcome.after
        winner = outcome.winner
    assert winner is not None
    return SimulatedGame(history, winner, tuple(turns))
