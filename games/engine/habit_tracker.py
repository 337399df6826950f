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

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .moves import MOVE_INDEX, MOVES, Move, Result, beaten_by
from .round_values import RoundValues

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


def _mode(counts: Counter[int]) -> int | None:
    """The most frequent of 0, 1, 2 (ties: the lowest), or None when nothing was counted."""
    if not counts:
        return None
    return max(range(3), key=lambda k: (counts[k], -k))


def _relation(move: Move, to: Move) -> int:
    """0: the same move, 1: the move that beats ``to``, 2: the move ``to`` beats."""
    return (MOVE_INDEX[move] - MOVE_INDEX[to]) % 3


class HabitTracker:
    """Fed the rounds of one game in order; ``features(values)`` describes the next round."""

    def __init__(self) -> None:
        self.player: list[Move] = []
        self.bot: list[Move] = []
        self.results: list[Result] = []
        self.bot_counts: Counter[Move] = Counter()
        self.bot_tier_counts: Counter[int] = Counter()
        self.tier_by_phase: list[Counter[int]] = [Counter() for _ in range(3)]
        self.tier_after: list[Counter[int]] = [Counter() for _ in range(CONTEXTS)]
        self.reply_after: list[Counter[int]] = [Counter() for _ in range(CONTEXTS)]
        self.after_one: dict[Move, Counter[int]] = {}
        self.after_two: dict[tuple[Move, Move], Counter[int]] = {}
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
            for r, move in enumerate(suggested):
                hits[r] *= DECAY
                rounds[r] *= DECAY
                if move is not None:
                    rounds[r] += 1.0
                    hits[r] += 1.0 if move is player else 0.0
        ranked = values.ranked()
        tier = ranked.index(player)
        self.tier_by_phase[len(self.player) % 3][tier] += 1
        self.tier_after[context][tier] += 1
        if self.bot:
            self.reply_after[context][_relation(player, self.bot[-1])] += 1
            self.after_one.setdefault(self.player[-1], Counter())[MOVE_INDEX[player]] += 1
        if len(self.player) >= 2:
            pair = (self.player[-2], self.player[-1])
            self.after_two.setdefault(pair, Counter())[MOVE_INDEX[player]] += 1
        self.bot_counts[bot] += 1
        self.bot_tier_counts[ranked.index(bot)] += 1
        self.player.append(player)
        self.bot.append(bot)
        self.results.append(result)

    def snapshot(self) -> dict[str, Any]:
        """Everything the tracker learned, as JSON, except the moves themselves (the game's
        history holds those): a served game keeps it, so the next round observes one round
        instead of the whole game again."""
        return {
            "rounds": len(self.player),
            "bot_counts": {move.value: n for move, n in self.bot_counts.items()},
            "bot_tier_counts": _counts_out(self.bot_tier_counts),
            "tier_by_phase": [_counts_out(c) for c in self.tier_by_phase],
            "tier_after": [_counts_out(c) for c in self.tier_after],
            "reply_after": [_counts_out(c) for c in self.reply_after],
            "after_one": {move.value: _counts_out(c) for move, c in self.after_one.items()},
            "after_two": {
                f"{a.value},{b.value}": _counts_out(c) for (a, b), c in self.after_two.items()
            },
            "hits": [list(row) for row in self.hits],
            "rounds_seen": [list(row) for row in self.rounds],
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
        snapshot does not describe that many rounds or cannot be read."""
        try:
            if int(snapshot["rounds"]) != len(player):
                return None
            tracker = cls()
            tracker.player, tracker.bot, tracker.results = list(player), list(bot), list(results)
            tracker.bot_counts = Counter(
                {Move(k): int(n) for k, n in snapshot["bot_counts"].items()}
            )
            tracker.bot_tier_counts = _counts_in(snapshot["bot_tier_counts"])
            tracker.tier_by_phase = [_counts_in(c) for c in snapshot["tier_by_phase"]]
            tracker.tier_after = [_counts_in(c) for c in snapshot["tier_after"]]
            tracker.reply_after = [_counts_in(c) for c in snapshot["reply_after"]]
            tracker.after_one = {Move(k): _counts_in(c) for k, c in snapshot["after_one"].items()}
            tracker.after_two = {
                (Move(k.split(",")[0]), Move(k.split(",")[1])): _counts_in(c)
                for k, c in snapshot["after_two"].items()
            }
            tracker.hits = [[float(h) for h in row] for row in snapshot["hits"]]
            tracker.rounds = [[float(r) for r in row] for row in snapshot["rounds_seen"]]
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None
        shape = [len(RULES)] * (CONTEXTS + 1)
        if (
            [len(row) for row in tracker.hits] != shape
            or [len(row) for row in tracker.rounds] != shape
            or len(tracker.tier_by_phase) != 3
            or len(tracker.tier_after) != CONTEXTS
            or len(tracker.reply_after) != CONTEXTS
        ):
            return None
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


def _counts_out(counts: Counter[int]) -> dict[str, int]:
    return {str(k): n for k, n in counts.items()}


def _counts_in(counts: Mapping[str, Any]) -> Counter[int]:
    return Counter({int(k): int(n) for k, n in counts.items()})


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
    if not t.bot_counts:
        return None
    return max(MOVES, key=lambda m: (t.bot_counts[m], -MOVE_INDEX[m]))


def _beat_bot_favourite(t: HabitTracker, v: tuple[Move, Move, Move]) -> Move | None:
    favourite = _bot_favourite(t)
    return beaten_by(favourite) if favourite is not None else None


def _copy_bot_favourite(t: HabitTracker, v: tuple[Move, Move, Move]) -> Move | None:
    return _bot_favourite(t)


def _beat_bot_rarest(t: HabitTracker, v: tuple[Move, Move, Move]) -> Move | None:
    if not t.bot_counts:
        return None
    return beaten_by(min(MOVES, key=lambda m: (t.bot_counts[m], MOVE_INDEX[m])))


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
    move = _mode(t.after_one.get(t.player[-1], Counter())) if t.player else None
    return MOVES[move] if move is not None else None


def _after_last_two_moves(t: HabitTracker, v: tuple[Move, Move, Move]) -> Move | None:
    pair = (t.player[-2], t.player[-1]) if len(t.player) >= 2 else None
    move = _mode(t.after_two.get(pair, Counter())) if pair else None
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
