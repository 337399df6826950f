"""The expected-points policy shared by every bot: turn a prediction into a move.

For each bot move: P(player plays what it beats) x (its value + finishing bonus)
                 - P(player plays what beats it) x (that move's value + finishing bonus)
                 + a small draw term.
The best move is played, ties broken in MOVES order. In ``easy`` mode the bot deliberately picks
the worst, middle or best of that ranking with probabilities 0.7 / 0.2 / 0.1, seeded per round.
"""

from __future__ import annotations

from .history import DifficultyMode
from .moves import MOVE_INDEX, MOVES, Move, beaten_by, beats
from .prediction import Probabilities
from .round_values import RoundValues
from .scoring import DRAW_POINTS
from .seeding import seeded_rng

# Reaching the target ends the game, which is worth more than the points alone.
FINISHING_BONUS = 1.0
# Draws move both sides by the same amount: only a nudge, so that near-ties prefer safe moves.
DRAW_WEIGHT = 0.1
EASY_PICK_WEIGHTS = (0.7, 0.2, 0.1)  # worst, middle, best


def expected_points(
    probabilities: Probabilities,
    values: RoundValues,
    *,
    bot_score: float,
    player_score: float,
    target: float,
) -> dict[Move, float]:
    def gain(score: float, move: Move) -> float:
        value = values.of(move)
        return value + (FINISHING_BONUS if score + value >= target else 0.0)

    scores: dict[Move, float] = {}
    for move in MOVES:
        p_win = probabilities[MOVE_INDEX[beats(move)]]
        threat = beaten_by(move)
        p_lose = probabilities[MOVE_INDEX[threat]]
        p_draw = probabilities[MOVE_INDEX[move]]
        scores[move] = (
            p_win * gain(bot_score, move)
            - p_lose * gain(player_score, threat)
            + DRAW_WEIGHT * p_draw * DRAW_POINTS
        )
    return scores


def rank_moves(scores: dict[Move, float]) -> tuple[Move, Move, Move]:
    """Best first; equal scores fall back to MOVES order so the choice is deterministic."""
    ordered = sorted(MOVES, key=lambda m: (-scores[m], MOVE_INDEX[m]))
    return (ordered[0], ordered[1], ordered[2])


def choose_bot_move(
    probabilities: Probabilities,
    values: RoundValues,
    *,
    bot_score: float,
    player_score: float,
    target: float,
    mode: DifficultyMode = DifficultyMode.STANDARD,
    seed: tuple[object, ...] = (),
) -> Move:
    ranking = rank_moves(
        expected_points(
            probabilities, values, bot_score=bot_score, player_score=player_score, target=target
        )
    )
    # Normalised so that a plain "standard" (a form field, a database column) is never taken
    # for easy mode, and anything that is neither mode is refused rather than played as easy.
    if DifficultyMode(mode) is DifficultyMode.STANDARD:
        return ranking[0]
    worst, middle, best = ranking[2], ranking[1], ranking[0]
    rng = seeded_rng("easy", *seed)
    return rng.choices((worst, middle, best), weights=EASY_PICK_WEIGHTS)[0]
