"""Which simple rule is this player following? The habit features of contract v2 (30-38).

One model for everybody must first tell which habit it faces, and lagged one-hots cannot do
that early in a game (docs/benchmarks-ml.md). So, in the spirit of Iocaine Powder, a fixed set
of generic rules ("play the most valuable move", "beat the bot's last move", "the value tier
you chose at this point of the last cycle of three", "what followed your last two moves") each
suggests a move every round. The tracker scores, within this game, how often the player's move
was each rule's suggestion, and the features say which moves the best-fitting rules suggest now.

The rules are generic: none reads a scripted opponent's code or thresholds. One tracker, fed
round by round, serves the stateless row and the batch builder alike, so they agree bit for bit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .moves import MOVE_INDEX, MOVES, Move, Result, beaten_by
from .round_values import RoundValues, value_tiers

# Fits fade by this factor each round, so a player who changes rules is followed.
DECAY = 0.9
# Added to every rule's round count: a rule that fitted its only round is not yet "100%".
PRIOR_ROUNDS = 1.0
HABIT_FEATURE_COUNT = 9

# Contexts: the previous round's result, losses split by the length of the losing streak.
_AFTER_WIN, _AFTER_DRAW, _AT_START, _AFTER_LOSS = 0, 1, 2, 3
LONGEST_STREAK_CONTEXT = 3
CONTEXTS = _AFTER_LOSS + LONGEST_STREAK_CONTEXT
_OVERALL = CONTEXTS  # the score table over every round
# Bumped when the snapshot's layout changes: an older snapshot is then refused, and the
# game's rounds are observed again instead.
SNAPSHOT_LAYOUT = 2

# Counts are plain lists of three, indexed by move (MOVES order), tier or relation: a served
# round resumes them from JSON as they are, with no conversion per entry.
Counts = list[int]


def _zeros(tables: int) -> list[Counts]:
    return [[0, 0, 0] for _ in range(tables)]


def _mode(counts: Counts) -> int | None:
    """The most frequent of 0, 1, 2 (ties: the lowest), or None when nothing was counted."""
    top = max(counts)
    return counts.index(top) if top else None


def _relation(move: Move, to: Move) -> int:
    """0: the same move, 1: the move that beats ``to``, 2: the move ``to`` beats."""
    return (MOVE_INDEX[move] - MOVE_INDEX[to]) % 3


class HabitTracker:
    """Fed the rounds of one game in order; ``features(values)`` describes the next round."""

    def __init__(self) -> None:
        self.player: list[Move] = []
        self.bot: list[Move] = []
        self.results: list[Result] = []
        self.bot_counts: Counts = [0, 0, 0]
        self.bot_tier_counts: Counts = [0, 0, 0]
        self.tier_by_phase = _zeros(3)
        self.tier_after = _zeros(CONTEXTS)
        self.reply_after = _zeros(CONTEXTS)
        # What followed each of the player's moves, and each pair of moves (3 * a + b).
        self.after_one = _zeros(3)
        self.after_two = _zeros(9)
        # The player's moves and value tiers (``value_tiers``) so far: features 39-44.
        self.move_counts: Counts = [0, 0, 0]
        self.value_tier_counts: Counts = [0, 0, 0]
        # Decayed hits and rounds per rule: one table per context, then the overall one.
        self.hits = [[0.0] * len(RULES) for _ in range(CONTEXTS + 1)]
        self.rounds = [[0.0] * len(RULES) for _ in range(CONTEXTS + 1)]

    def losing_streak(self) -> int:
        streak = 0
        for result in reversed(self.results):
            if result is not Result.LOSE:
                break
            streak += 1
        return streak

    def context(self) -> int:
        if not self.results:
            return _AT_START
        last = self.results[-1]
        if last is Result.WIN:
            return _AFTER_WIN
        if last is Result.DRAW:
            return _AFTER_DRAW
        return _AFTER_LOSS - 1 + min(self.losing_streak(), LONGEST_STREAK_CONTEXT)

    def suggestions(self, values: RoundValues) -> list[Move | None]:
        ranked = values.ranked()
        return [rule(self, ranked) for rule in RULES]

    def observe(self, player: Move, bot: Move, result: Result, values: RoundValues) -> None:
        """Score every rule on this round (as suggested before it was played), then keep it."""
        suggested = self.suggestions(values)
        context = self.context()
        for table in (context, _OVERALL):
            hits, rounds = self.hits[table], self.rounds[table]
            for r, suggestion in enumerate(suggested):
                hits[r] *= DECAY
                rounds[r] *= DECAY
                if suggestion is not None:
                    rounds[r] += 1.0
                    hits[r] += 1.0 if suggestion is player else 0.0
        ranked = values.ranked()
        tier = ranked.index(player)
        move = MOVE_INDEX[player]
        self.tier_by_phase[len(self.player) % 3][tier] += 1
        self.tier_after[context][tier] += 1
        if self.bot:
            self.reply_after[context][_relation(player, self.bot[-1])] += 1
            self.after_one[MOVE_INDEX[self.player[-1]]][move] += 1
        if len(self.player) >= 2:
            pair = 3 * MOVE_INDEX[self.player[-2]] + MOVE_INDEX[self.player[-1]]
            self.after_two[pair][move] += 1
        self.bot_counts[MOVE_INDEX[bot]] += 1
        self.bot_tier_counts[ranked.index(bot)] += 1
        self.move_counts[move] += 1
        self.value_tier_counts[value_tiers(values).index(player)] += 1
        self.player.append(player)
        self.bot.append(bot)
        self.results.append(result)

    def snapshot(self) -> dict[str, Any]:
        """Everything the tracker learned, as JSON, except the moves themselves (the game's
        history holds those): a served game keeps it, so the next round observes one round
        instead of the whole game again. Flat lists: cheap to write and to read back."""
        counts: list[int] = []
        for name, rows in _COUNT_TABLES:
            table = getattr(self, name)
            for row in table if rows else (table,):
                counts.extend(row)
        return {
            "layout": SNAPSHOT_LAYOUT,
            "rounds": len(self.player),
            "counts": counts,
            "hits": [h for row in self.hits for h in row],
            "rounds_seen": [r for row in self.rounds for r in row],
        }

    @classmethod
    def resumed(
        cls,
        snapshot: Mapping[str, Any],
        player: Sequence[Move],
        bot: Sequence[Move],
        results: Sequence[Result],
    ) -> HabitTracker | None:
        """The tracker a snapshot was taken of, given the moves it had observed; None when the
        snapshot does not describe that many rounds, has another layout or cannot be read."""
        try:
            if snapshot["layout"] != SNAPSHOT_LAYOUT or int(snapshot["rounds"]) != len(player):
                return None
            counts = _numbers(snapshot["counts"], int, _COUNT_SIZE)
            fits = len(RULES) * (CONTEXTS + 1)
            hits = _numbers(snapshot["hits"], float, fits)
            seen = _numbers(snapshot["rounds_seen"], float, fits)
        except (KeyError, TypeError, ValueError):
            return None
        tracker = cls()
        at = 0
        for name, rows in _COUNT_TABLES:
            if rows:
                setattr(tracker, name, [counts[i : i + 3] for i in range(at, at + 3 * rows, 3)])
            else:
                setattr(tracker, name, counts[at : at + 3])
            at += 3 * max(rows, 1)
        width = len(RULES)
        tracker.hits = [hits[i : i + width] for i in range(0, fits, width)]
        tracker.rounds = [seen[i : i + width] for i in range(0, fits, width)]
        tracker.player, tracker.bot, tracker.results = list(player), list(bot), list(results)
        return tracker

    def features(self, values: RoundValues) -> list[float]:
        """Three blocks of rock, paper, scissors: the best rule overall, the best rule after
        this previous result (and losing streak), each as its move one-hot scaled by its fit;
        then every rule's fit summed on its move, over the number of rules."""
        suggested = self.suggestions(values)
        overall = (self.hits[_OVERALL], self.rounds[_OVERALL])
        in_context = (self.hits[self.context()], self.rounds[self.context()])
        return [
            *_best(suggested, *overall),
            *_best(suggested, *in_context),
            *_vote(suggested, *overall),
        ]


# The count tables of a snapshot, in order, with their rows (0: the attribute is one row).
_COUNT_TABLES = (
    ("bot_counts", 0),
    ("bot_tier_counts", 0),
    ("move_counts", 0),
    ("value_tier_counts", 0),
    ("tier_by_phase", 3),
    ("tier_after", CONTEXTS),
    ("reply_after", CONTEXTS),
    ("after_one", 3),
    ("after_two", 9),
)
_COUNT_SIZE = 3 * sum(max(rows, 1) for _, rows in _COUNT_TABLES)


def _numbers(values: object, kind: type, size: int) -> list:
    if not isinstance(values, list) or len(values) != size:
        raise ValueError("a snapshot list of the wrong length")
    return list(map(kind, values))


def _fits(hits: list[float], rounds: list[float]) -> list[float]:
    return [hit / (seen + PRIOR_ROUNDS) for hit, seen in zip(hits, rounds, strict=True)]


def _best(suggested: list[Move | None], hits: list[float], rounds: list[float]) -> list[float]:
    best, fit = None, 0.0
    for move, rate in zip(suggested, _fits(hits, rounds), strict=True):
        if move is not None and rate > fit:  # ties: the earlier rule
            best, fit = move, rate
    row = [0.0, 0.0, 0.0]
    if best is not None:
        row[MOVE_INDEX[best]] = fit
    return row


def _vote(suggested: list[Move | None], hits: list[float], rounds: list[float]) -> list[float]:
    row = [0.0, 0.0, 0.0]
    for move, rate in zip(suggested, _fits(hits, rounds), strict=True):
        if move is not None:
            row[MOVE_INDEX[move]] += rate / len(RULES)
    return row


# --- the rules: each suggests the player's next move from the game so far, or None ------------

# A rule reads the game so far and this round's moves from most to least valuable.
Rule = Callable[[HabitTracker, tuple[Move, Move, Move]], Move | None]


def _highest(t: HabitTracker, v: tuple[Move, Move, Move]) -> Move | None:
    return v[0]


def _middle(t: HabitTracker, v: tuple[Move, Move, Move]) -> Move | None:
    return v[1]


def _lowest(t: HabitTracker, v: tuple[Move, Move, Move]) -> Move | None:
    return v[2]


def _beat_bot_last(t: HabitTracker, v: tuple[Move, Move, Move]) -> Move | None:
    return beaten_by(t.bot[-1]) if t.bot else None


def _copy_bot_last(t: HabitTracker, v: tuple[Move, Move, Move]) -> Move | None:
    return t.bot[-1] if t.bot else None


def _repeat_own_last(t: HabitTracker, v: tuple[Move, Move, Move]) -> Move | None:
    return t.player[-1] if t.player else None


def _bot_favourite(t: HabitTracker) -> Move | None:
    favourite = _mode(t.bot_counts)
    return MOVES[favourite] if favourite is not None else None


def _beat_bot_favourite(t: HabitTracker, v: tuple[Move, Move, Move]) -> Move | None:
    favourite = _bot_favourite(t)
    return beaten_by(favourite) if favourite is not None else None


def _copy_bot_favourite(t: HabitTracker, v: tuple[Move, Move, Move]) -> Move | None:
    return _bot_favourite(t)


def _beat_bot_rarest(t: HabitTracker, v: tuple[Move, Move, Move]) -> Move | None:
    if not t.bot:
        return None
    return beaten_by(MOVES[t.bot_counts.index(min(t.bot_counts))])


def _beat_bot_favourite_tier(t: HabitTracker, v: tuple[Move, Move, Move]) -> Move | None:
    tier = _mode(t.bot_tier_counts)
    return beaten_by(v[tier]) if tier is not None else None


def _tier_of_this_phase(t: HabitTracker, v: tuple[Move, Move, Move]) -> Move | None:
    """The value tier the player chose most in earlier rounds at this point of a cycle of 3."""
    tier = _mode(t.tier_by_phase[len(t.player) % 3])
    return v[tier] if tier is not None else None


def _tier_after_this_result(t: HabitTracker, v: tuple[Move, Move, Move]) -> Move | None:
    tier = _mode(t.tier_after[t.context()])
    return v[tier] if tier is not None else None


def _reply_after_this_result(t: HabitTracker, v: tuple[Move, Move, Move]) -> Move | None:
    """The player's usual answer to the bot's last move (copy, beat, lose to) after this result."""
    relation = _mode(t.reply_after[t.context()]) if t.bot else None
    return MOVES[(MOVE_INDEX[t.bot[-1]] + relation) % 3] if relation is not None else None


def _after_last_move(t: HabitTracker, v: tuple[Move, Move, Move]) -> Move | None:
    move = _mode(t.after_one[MOVE_INDEX[t.player[-1]]]) if t.player else None
    return MOVES[move] if move is not None else None


def _after_last_two_moves(t: HabitTracker, v: tuple[Move, Move, Move]) -> Move | None:
    if len(t.player) < 2:
        return None
    move = _mode(t.after_two[3 * MOVE_INDEX[t.player[-2]] + MOVE_INDEX[t.player[-1]]])
    return MOVES[move] if move is not None else None


RULES: tuple[Rule, ...] = (
    _highest,
    _middle,
    _lowest,
    _beat_bot_last,
    _copy_bot_last,
    _repeat_own_last,
    _beat_bot_favourite,
    _copy_bot_favourite,
    _beat_bot_rarest,
    _beat_bot_favourite_tier,
    _tier_of_this_phase,
    _tier_after_this_result,
    _reply_after_this_result,
    _after_last_move,
    _after_last_two_moves,
)
