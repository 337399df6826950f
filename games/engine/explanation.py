"""Why the bot played what it played, in numbers and in plain words, for the player to read.

Everything is recomputed from what a round stores (the prediction, the values, the scores
before the round, the mode): the expected points of each bot move are the policy's own
``expected_points``, so the explanation cannot drift from what the bot actually did.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .history import DifficultyMode
from .moves import MOVES, Move
from .policy import expected_points, rank_moves
from .prediction import Probabilities
from .round_values import RoundValues

# How each expert of the model's mixture is said to a player.
EXPERT_WORDS: dict[str, str] = {
    "population": "players in general",
    "human": "the people in our data",
    "uniform": "a player who picks at random",
    "frequency": "your favourite moves so far",
    "value_tier": "your taste for the valuable moves",
    "ngram": "your own patterns in this game",
}


def expert_words(name: str) -> str:
    return EXPERT_WORDS.get(name, f"{name}, a scripted opponent")


@dataclass(frozen=True)
class RoundExplanation:
    probabilities: dict[Move, float]
    expected_points: dict[Move, float]
    best: Move
    played: Move
    reading: tuple[tuple[str, float], ...]
    summary: str

    @property
    def moves(self) -> list[tuple[Move, float, float]]:
        """(move, chance the player plays it, bot's expected points playing it), MOVES order."""
        return [(m, self.probabilities[m], self.expected_points[m]) for m in MOVES]


def _percent(p: float) -> str:
    return f"{100 * p:.0f}%"


def _points(value: float) -> str:
    return f"{value:+.2f}"


def explain_round(
    *,
    probabilities: Probabilities,
    values: RoundValues,
    bot_score: float,
    player_score: float,
    target: float,
    bot_move: Move,
    mode: DifficultyMode | str = DifficultyMode.STANDARD,
    reading: Sequence[tuple[str, float]] = (),
) -> RoundExplanation:
    """The round as the bot saw it: scores are those before the round."""
    scores = expected_points(
        probabilities, values, bot_score=bot_score, player_score=player_score, target=target
    )
    best = rank_moves(scores)[0]
    expected = ", ".join(
        f"{move} {_percent(p)}" for move, p in zip(MOVES, probabilities, strict=True)
    )
    worth = ", ".join(f"{move} {_points(scores[move])}" for move in MOVES)
    sentences = [
        f"The bot expected you to play {expected}.",
        f"Against that, each of its moves was worth on average: {worth} points.",
    ]
    if bot_move == best:
        sentences.append(f"So it played {best}, the best of the three.")
    elif DifficultyMode(mode) is DifficultyMode.EASY:
        sentences.append(
            f"{best.capitalize()} was best, but in easy mode the bot often plays a weaker move "
            f"on purpose: it played {bot_move}."
        )
    else:  # cannot happen with the standard policy; said rather than hidden if it ever does
        sentences.append(f"It played {bot_move}, although {best} looked best.")
    if reading:
        name, weight = reading[0]
        sentences.append(f"It reads you as most like {expert_words(name)} ({_percent(weight)}).")
    return RoundExplanation(
        probabilities=dict(zip(MOVES, probabilities, strict=True)),
        expected_points=scores,
        best=best,
        played=bot_move,
        reading=tuple((str(n), float(w)) for n, w in reading),
        summary=" ".join(sentences),
    )
