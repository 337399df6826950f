"""The 50-feature contract: one row describes a game just before the player's next move.

Training and serving both build rows here, so a model always sees at serving time exactly what
it was trained on. ``build_features`` is the stateless reference (pure Python, one row);
``feature_rows_for_game`` builds every row of a finished game at once for training and must agree
with it bit for bit. Changing a name, the order or a definition means bumping
``FEATURE_CONTRACT_VERSION``: stored models say which version they were trained on.

Layout (SPEC "The 50-feature contract"), lag 1 is the most recent round:
  0-8    the player's last three moves, one-hot in MOVES order per lag, zeros where absent
  9-17   the bot's last three moves, likewise
  18-26  the last three results from the player's side, one-hot (win, lose, draw)
  27-29  this round's values of rock, paper, scissors
  30-38  which generic rule the player has been following in this game (``habit_tracker``),
         three blocks of rock, paper, scissors: the move the best-fitting rule suggests now,
         scaled by its fit; the same for the best rule after this previous result (and losing
         streak); every rule's fit summed on the move it suggests. Contract v1 had the values
         of the last three rounds here, which told no habit from another (docs/benchmarks-ml.md)
  39-41  the player's move shares so far (a third each before the first round)
  42-44  the share of past rounds in which the player chose that round's most valuable move,
         the move that beats it, and the move that beats that one (zeros before the first round)
  45-48  score difference (player - bot), points the player and the bot still need (floor 0),
         the number of the round being predicted (1-based)
  49     the easy-mode flag
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .habit_tracker import HABIT_FEATURE_COUNT, HabitTracker
from .history import DifficultyMode, GameHistory
from .moves import MOVE_INDEX, MOVES, Move, Result
from .round_values import RoundValues, value_tiers
from .scoring import DEFAULT_TARGET_POINTS, add_points, score_round

if TYPE_CHECKING:
    import numpy as np

FEATURE_CONTRACT_VERSION = "2"
FEATURE_COUNT = 50
LAGS = 3
RESULTS: tuple[Result, Result, Result] = (Result.WIN, Result.LOSE, Result.DRAW)
RESULT_INDEX: dict[Result, int] = {result: i for i, result in enumerate(RESULTS)}

# First index of each block; the names below are generated from the same numbers.
PLAYER_MOVES_AT = 0
BOT_MOVES_AT = 9
RESULTS_AT = 18
VALUES_AT = 27
HABITS_AT = 30
PLAYER_SHARES_AT = 39
VALUE_TIER_SHARES_AT = 42
SCORE_DIFFERENCE_AT = 45
PLAYER_NEEDS_AT = 46
BOT_NEEDS_AT = 47
ROUND_NO_AT = 48
EASY_MODE_AT = 49

HABIT_BLOCKS = ("best", "best_after_result", "vote")
VALUE_TIER_NAMES = ("most_valuable", "beater_of_most_valuable", "beater_of_beater")


def _lagged(prefix: str, labels: Sequence[str]) -> list[str]:
    return [f"{prefix}_lag{lag}_{label}" for lag in range(1, LAGS + 1) for label in labels]


_MOVE_LABELS = [move.value for move in MOVES]

FEATURE_NAMES: tuple[str, ...] = (
    *_lagged("player_move", _MOVE_LABELS),
    *_lagged("bot_move", _MOVE_LABELS),
    *_lagged("result", [result.value for result in RESULTS]),
    *(f"value_{label}" for label in _MOVE_LABELS),
    *(f"habit_{block}_{label}" for block in HABIT_BLOCKS for label in _MOVE_LABELS),
    *(f"player_share_{label}" for label in _MOVE_LABELS),
    *(f"player_share_{tier}" for tier in VALUE_TIER_NAMES),
    "score_difference",
    "player_points_needed",
    "bot_points_needed",
    "round_no",
    "easy_mode",
)
FEATURE_INDEX: dict[str, int] = {name: i for i, name in enumerate(FEATURE_NAMES)}

assert len(FEATURE_NAMES) == FEATURE_COUNT == len(FEATURE_INDEX)
assert FEATURE_INDEX["easy_mode"] == EASY_MODE_AT


def build_features(
    history: GameHistory, values: RoundValues, tracker: HabitTracker | None = None
) -> list[float]:
    """The row for predicting the player's move in the next round.

    ``history`` is everything played before that round and ``values`` are its values.
    ``tracker``, when given, has observed exactly ``history``'s rounds (a served game carries
    it from round to round); otherwise the rounds are observed here.
    """
    row = [0.0] * FEATURE_COUNT
    played = history.rounds_played
    for lag in range(1, min(LAGS, played) + 1):
        offset = 3 * (lag - 1)
        row[PLAYER_MOVES_AT + offset + MOVE_INDEX[history.player_moves[-lag]]] = 1.0
        row[BOT_MOVES_AT + offset + MOVE_INDEX[history.bot_moves[-lag]]] = 1.0
        row[RESULTS_AT + offset + RESULT_INDEX[history.results[-lag]]] = 1.0

    row[VALUES_AT : VALUES_AT + 3] = values.as_tuple()
    if tracker is None:
        tracker = habit_tracker_for(history)
    elif len(tracker.player) != played:
        raise ValueError("the habit tracker has not observed exactly the game's rounds")
    row[HABITS_AT : HABITS_AT + HABIT_FEATURE_COUNT] = tracker.features(values)

    if played:
        row[PLAYER_SHARES_AT : PLAYER_SHARES_AT + 3] = [n / played for n in tracker.move_counts]
        row[VALUE_TIER_SHARES_AT : VALUE_TIER_SHARES_AT + 3] = [
            n / played for n in tracker.value_tier_counts
        ]
    else:
        row[PLAYER_SHARES_AT : PLAYER_SHARES_AT + 3] = [1 / 3, 1 / 3, 1 / 3]

    row[SCORE_DIFFERENCE_AT] = history.player_score - history.bot_score
    row[PLAYER_NEEDS_AT] = max(0.0, history.target - history.player_score)
    row[BOT_NEEDS_AT] = max(0.0, history.target - history.bot_score)
    row[ROUND_NO_AT] = float(history.next_round_no)
    row[EASY_MODE_AT] = _easy_flag(history.difficulty_mode)
    return row


def habit_tracker_for(history: GameHistory) -> HabitTracker:
    """A tracker that has observed every round of ``history``."""
    tracker = HabitTracker()
    for rounds in zip(
        history.player_moves, history.bot_moves, history.results, history.values, strict=True
    ):
        tracker.observe(*rounds)
    return tracker


def _easy_flag(mode: DifficultyMode | str) -> float:
    return 1.0 if DifficultyMode(mode) is DifficultyMode.EASY else 0.0


def _values_tuple(values: RoundValues | Sequence[float]) -> tuple[float, float, float]:
    if isinstance(values, RoundValues):
        return values.as_tuple()
    rock, paper, scissors = values
    return (float(rock), float(paper), float(scissors))


def feature_rows_for_game(
    player_moves: Sequence[Move | str],
    bot_moves: Sequence[Move | str],
    values_per_round: Sequence[RoundValues] | Sequence[Sequence[float]],
    target: float = DEFAULT_TARGET_POINTS,
    difficulty_mode: DifficultyMode | str = DifficultyMode.STANDARD,
) -> np.ndarray:
    """Every row of a played game at once, shape (rounds, 50), float64.

    Row ``i`` is the row for predicting round ``i + 1`` and uses only the rounds before it, so it
    equals ``build_features`` on the history of the first ``i`` rounds. Moves may be ``Move``s or
    their names; values may be ``RoundValues`` or (rock, paper, scissors) triples.
    """
    import numpy as np  # only training needs the batch path; serving stays numpy-free

    n = len(player_moves)
    if len(bot_moves) != n or len(values_per_round) != n:
        raise ValueError("player moves, bot moves and values must cover the same rounds")
    rows = np.zeros((n, FEATURE_COUNT), dtype=np.float64)
    if n == 0:
        return rows

    players = [Move(move) for move in player_moves]
    bots = [Move(move) for move in bot_moves]
    value_triples = [_values_tuple(values) for values in values_per_round]
    player_idx = np.array([MOVE_INDEX[move] for move in players], dtype=np.intp)
    bot_idx = np.array([MOVE_INDEX[move] for move in bots], dtype=np.intp)
    values = np.array(value_triples, dtype=np.float64)

    # Scores follow the same rounded additions as GameHistory, so the rows match exactly.
    result_idx = np.empty(n, dtype=np.intp)
    player_scores = np.empty(n, dtype=np.float64)  # before round i
    bot_scores = np.empty(n, dtype=np.float64)
    player_score = bot_score = 0.0
    for i, (player, bot, triple) in enumerate(zip(players, bots, value_triples, strict=True)):
        player_scores[i], bot_scores[i] = player_score, bot_score
        score = score_round(player, bot, RoundValues(*triple))
        result_idx[i] = RESULT_INDEX[score.result]
        player_score = add_points(player_score, score.player_delta)
        bot_score = add_points(bot_score, score.bot_delta)

    rounds = np.arange(n)
    for lag in range(1, LAGS + 1):
        target_rows = rounds[lag:]
        source = rounds[: n - lag]
        offset = 3 * (lag - 1)
        rows[target_rows, PLAYER_MOVES_AT + offset + player_idx[source]] = 1.0
        rows[target_rows, BOT_MOVES_AT + offset + bot_idx[source]] = 1.0
        rows[target_rows, RESULTS_AT + offset + result_idx[source]] = 1.0
    rows[:, VALUES_AT : VALUES_AT + 3] = values

    # The habit features replay the game through the same tracker as ``build_features``.
    tracker = HabitTracker()
    for i, (player, bot, triple) in enumerate(zip(players, bots, value_triples, strict=True)):
        round_values = RoundValues(*triple)
        rows[i, HABITS_AT : HABITS_AT + HABIT_FEATURE_COUNT] = tracker.features(round_values)
        tracker.observe(player, bot, RESULTS[result_idx[i]], round_values)

    # Shares over the rounds before each row: cumulative counts shifted down by one round.
    past = np.maximum(rounds, 1)[:, None].astype(np.float64)
    move_counts = np.zeros((n, 3), dtype=np.int64)
    move_counts[1:] = np.cumsum(np.eye(3, dtype=np.int64)[player_idx], axis=0)[:-1]
    rows[:, PLAYER_SHARES_AT : PLAYER_SHARES_AT + 3] = move_counts / past
    rows[0, PLAYER_SHARES_AT : PLAYER_SHARES_AT + 3] = 1 / 3

    tier_of_move = np.array(
        [
            value_tiers(RoundValues(*triple)).index(move)
            for triple, move in zip(value_triples, players, strict=True)
        ],
        dtype=np.intp,
    )
    tier_counts = np.zeros((n, 3), dtype=np.int64)
    tier_counts[1:] = np.cumsum(np.eye(3, dtype=np.int64)[tier_of_move], axis=0)[:-1]
    rows[:, VALUE_TIER_SHARES_AT : VALUE_TIER_SHARES_AT + 3] = tier_counts / past

    rows[:, SCORE_DIFFERENCE_AT] = player_scores - bot_scores
    rows[:, PLAYER_NEEDS_AT] = np.maximum(0.0, target - player_scores)
    rows[:, BOT_NEEDS_AT] = np.maximum(0.0, target - bot_scores)
    rows[:, ROUND_NO_AT] = rounds + 1.0
    rows[:, EASY_MODE_AT] = _easy_flag(difficulty_mode)
    return rows
