"""The three bots, their model families, and one bot turn: gambit or model-driven policy."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.vocabulary import FAMILY_BY_POLICY

from .gambits import Opening, gambit_move, is_gambit_round
from .history import DifficultyMode, GameHistory
from .moves import Move
from .policy import choose_bot_move
from .prediction import CarryingPredictor, MovePredictor, Prediction
from .round_values import RoundValues

EASY_SUFFIX = "_easy"


class UnknownPolicy(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class BotChoice:
    """A requested policy name resolved: ``brian_easy`` is brian, feedforward, easy."""

    policy: str
    family: str
    difficulty_mode: DifficultyMode


POLICY_NAMES: tuple[str, ...] = (
    *FAMILY_BY_POLICY,
    *(policy + EASY_SUFFIX for policy in FAMILY_BY_POLICY),
)


def all_policy_names() -> list[str]:
    return list(POLICY_NAMES)


def resolve_policy(name: str, difficulty_mode: DifficultyMode | None = None) -> BotChoice:
    base = name.strip().lower()
    easy = base.endswith(EASY_SUFFIX)
    if easy:
        base = base.removesuffix(EASY_SUFFIX)
    if base not in FAMILY_BY_POLICY:
        raise UnknownPolicy(
            f"unknown policy {name!r}: expected one of {', '.join(all_policy_names())}"
        )
    # DifficultyMode(...) refuses anything that is neither mode instead of carrying it along.
    mode = DifficultyMode.EASY if easy else DifficultyMode(difficulty_mode or "standard")
    return BotChoice(base, FAMILY_BY_POLICY[base], mode)


@dataclass(frozen=True, slots=True)
class BotTurn:
    move: Move
    prediction: Prediction | None  # None in gambit rounds: no model was asked


def bot_turn(
    history: GameHistory,
    values: RoundValues,
    *,
    game_id: object,
    opening: Opening,
    predictor: MovePredictor,
    carried: Mapping[str, Any] | None = None,
) -> BotTurn:
    """The bot's move for the next round. Exactly one prediction is made, and only after the
    gambit rounds; ``carried`` is what the previous round's prediction left, if anything."""
    round_no = history.next_round_no
    if is_gambit_round(round_no):
        return BotTurn(gambit_move(opening, round_no, values), None)
    if isinstance(predictor, CarryingPredictor):
        prediction = predictor.predict_carrying(history, values, carried)
    else:
        prediction = predictor.predict(history, values)
    move = choose_bot_move(
        prediction.probabilities,
        values,
        bot_score=history.bot_score,
        player_score=history.player_score,
        target=history.target,
        mode=history.difficulty_mode,
        seed=(game_id, round_no),
    )
    return BotTurn(move, prediction)
