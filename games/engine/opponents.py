"""The eight scripted opponents: simulated players, each with a habit, plus seeded noise.

They play the *player's* side. Each habit reads the round's values and the recent results; the
noise (default 10% uniformly random moves) keeps models learning probabilities, not lookup tables.
Every random choice is seeded from (opponent, game, round), so a simulated game is reproducible.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence

from .history import GameHistory
from .moves import MOVE_INDEX, MOVES, Move, Result, beaten_by
from .round_values import RoundValues
from .seeding import seeded_rng

DEFAULT_NOISE = 0.1

Habit = Callable[[GameHistory, RoundValues, random.Random], Move]


def _most_common(moves: Sequence[Move]) -> Move | None:
    if not moves:
        return None
    counts = Counter(moves)
    return max(MOVES, key=lambda m: (counts[m], -MOVE_INDEX[m]))


def _least_common(moves: Sequence[Move]) -> Move | None:
    if not moves:
        return None
    counts = Counter(moves)
    return min(MOVES, key=lambda m: (counts[m], MOVE_INDEX[m]))


def _losing_streak(history: GameHistory) -> int:
    streak = 0
    for result in reversed(history.results):
        if result is not Result.LOSE:
            break
        streak += 1
    return streak


def ace(history: GameHistory, values: RoundValues, rng: random.Random) -> Move:
    """After winning 2 of the last 3 rounds: the most valuable move; else beat the bot's last."""
    if list(history.results[-3:]).count(Result.WIN) >= 2 or not history.bot_moves:
        return values.highest()
    return beaten_by(history.bot_moves[-1])


_BOB_ROTATION = ("highest", "lowest", "middle")


def bob(history: GameHistory, values: RoundValues, rng: random.Random) -> Move:
    """Rotates highest -> lowest -> middle; when winning, counters the bot's favourite tier."""
    if history.player_score > history.bot_score and history.bot_moves:
        tiers = [
            past.ranked().index(move)
            for move, past in zip(history.bot_moves, history.values, strict=True)
        ]
        favourite = max(range(3), key=lambda t: (tiers.count(t), -t))
        return beaten_by(values.ranked()[favourite])
    return getattr(values, _BOB_ROTATION[history.rounds_played % 3])()


def cal(history: GameHistory, values: RoundValues, rng: random.Random) -> Move:
    """Plays what beats the most valuable move; after 3 straight losses plays that move itself."""
    if _losing_streak(history) >= 3:
        return values.highest()
    return beaten_by(values.highest())


def dan(history: GameHistory, values: RoundValues, rng: random.Random) -> Move:
    """Weighted random, leaning on value, the last result, the score and the bot's favourite."""
    weights = {move: 1.0 for move in MOVES}
    top = values.highest()
    weights[top] += 3.0 * (values.of(top) - 1.5) + 0.5  # 0.8 (at 1.6) to 2.0 (at 2.0)
    if history.results:
        last = history.results[-1]
        if last is Result.WIN:
            weights[history.player_moves[-1]] += 1.0
        elif last is Result.LOSE:
            weights[beaten_by(history.bot_moves[-1])] += 1.0
    if history.player_score < history.bot_score:
        weights[top] += 0.5
    favourite = _most_common(history.bot_moves)
    if favourite is not None:
        weights[beaten_by(favourite)] += 1.0
    return rng.choices(MOVES, weights=[weights[m] for m in MOVES])[0]


def edd(history: GameHistory, values: RoundValues, rng: random.Random) -> Move:
    """After a loss plays the most valuable move; otherwise beats the bot's most common move."""
    favourite = _most_common(history.bot_moves)
    if favourite is None or history.results[-1] is Result.LOSE:
        return values.highest()
    return beaten_by(favourite)


def fox(history: GameHistory, values: RoundValues, rng: random.Random) -> Move:
    """Ahead: the lowest-value move; behind: beats the bot's least common move; level: middle."""
    if history.player_score > history.bot_score:
        return values.lowest()
    if history.player_score < history.bot_score:
        rarest = _least_common(history.bot_moves)
        return beaten_by(rarest) if rarest is not None else values.middle()
    return values.middle()


WIDE_SPREAD = 0.9


def gus(history: GameHistory, values: RoundValues, rng: random.Random) -> Move:
    """After 2 straight losses: random. Else the most valuable move when values spread widely,
    otherwise counter the bot's repeated (last two equal) or majority move."""
    if _losing_streak(history) >= 2:
        return rng.choice(MOVES)
    if values.spread() >= WIDE_SPREAD or not history.bot_moves:
        return values.highest()
    recent = history.bot_moves[-2:]
    if len(recent) == 2 and recent[0] == recent[1]:
        return beaten_by(recent[0])
    majority = _most_common(history.bot_moves)
    assert majority is not None
    return beaten_by(majority)


HAL_MEMORY = 5


def hal(history: GameHistory, values: RoundValues, rng: random.Random) -> Move:
    """Plays the middle-value move; after 3 straight losses copies the bot's recent favourite."""
    if _losing_streak(history) >= 3:
        favourite = _most_common(history.bot_moves[-HAL_MEMORY:])
        if favourite is not None:
            return favourite
    return values.middle()


SCRIPTED_OPPONENTS: dict[str, Habit] = {
    "Ace": ace,
    "Bob": bob,
    "Cal": cal,
    "Dan": dan,
    "Edd": edd,
    "Fox": fox,
    "Gus": gus,
    "Hal": hal,
}


# Whom a player's rows are like, when it is none of the scripted opponents but a person: the
# group of the people's expert in every family's artifact.
HUMAN_GROUP = "human"


def is_scripted_opponent(name: str) -> bool:
    return name in SCRIPTED_OPPONENTS


def scripted_move(
    name: str,
    history: GameHistory,
    values: RoundValues,
    *,
    game_id: object,
    noise: float = DEFAULT_NOISE,
    seed: object = 0,
) -> Move:
    """The named opponent's next move; with probability ``noise`` a uniformly random one."""
    habit = SCRIPTED_OPPONENTS[name]
    rng = seeded_rng("opponent", name, game_id, history.next_round_no, seed)
    if rng.random() < noise:
        return rng.choice(MOVES)
    return habit(history, values, rng)
