"""Features 30-38 (contract v2) say which simple rule the player has been following."""

from __future__ import annotations

import pytest

from games.engine.features import FEATURE_INDEX, build_features
from games.engine.habit_tracker import DECAY, PRIOR_ROUNDS, RULES
from games.engine.history import GameHistory
from games.engine.moves import MOVE_INDEX, Move, beaten_by, beats
from tests.engine.builders import values_with
from tests.features.builders import history_of

BEST = FEATURE_INDEX["habit_best_rock"]
AFTER_RESULT = FEATURE_INDEX["habit_best_after_result_rock"]
VOTE = FEATURE_INDEX["habit_vote_rock"]
# Values whose most valuable move changes from round to round, so that rules disagree.
CYCLE = [
    values_with(low=Move.ROCK, base=1.2),
    values_with(low=Move.PAPER, base=1.4),
    values_with(low=Move.SCISSORS, base=1.1),
    values_with(low=Move.PAPER, base=1.5),
    values_with(low=Move.SCISSORS, base=1.3),
    values_with(low=Move.ROCK, base=1.4),
]
BOT = [Move.ROCK, Move.ROCK, Move.PAPER, Move.SCISSORS, Move.PAPER, Move.ROCK]
NOW = values_with(low=Move.SCISSORS, base=1.2)


def block(row: list[float], start: int) -> list[float]:
    return row[start : start + 3]


def fit_after(rounds: int) -> float:
    """The fit of a rule that matched every one of ``rounds`` rounds."""
    seen = sum(DECAY**k for k in range(rounds))
    return seen / (seen + PRIOR_ROUNDS)


def one_hot(move: Move, scale: float) -> list[float]:
    row = [0.0, 0.0, 0.0]
    row[MOVE_INDEX[move]] = scale
    return row


def test_with_no_history_no_rule_has_a_fit() -> None:
    row = build_features(GameHistory(), NOW)
    assert row[30:39] == [0.0] * 9


def test_a_player_who_always_takes_the_most_valuable_move_is_told_apart() -> None:
    history = history_of((v.highest(), bot, v) for v, bot in zip(CYCLE, BOT, strict=True))
    row = build_features(history, NOW)
    assert block(row, BEST) == pytest.approx(one_hot(NOW.highest(), fit_after(6)))
    assert max(block(row, VOTE)) == block(row, VOTE)[MOVE_INDEX[NOW.highest()]]


def test_a_player_who_beats_the_bots_last_move_is_told_apart() -> None:
    rounds, bot_last = [], Move.PAPER
    for values, bot in zip(CYCLE, BOT, strict=True):
        rounds.append((beaten_by(bot_last), bot, values))
        bot_last = bot
    row = build_features(history_of(rounds), NOW)
    # The first round had no bot move to beat: five of six rounds scored, all hits.
    assert block(row, BEST) == pytest.approx(one_hot(beaten_by(BOT[-1]), fit_after(5)))


def test_a_rotation_through_the_value_tiers_is_followed_by_round() -> None:
    tiers = ("highest", "lowest", "middle")
    rounds = [
        (getattr(v, tiers[k % 3])(), bot, v)
        for k, (v, bot) in enumerate(zip(CYCLE, BOT, strict=True))
    ]
    row = build_features(history_of(rounds), NOW)
    # Round 7 is the first of a cycle again: the most valuable move.
    best = block(row, BEST)
    assert best.index(max(best)) == MOVE_INDEX[NOW.highest()]
    assert max(best) > 0.5


def test_the_after_result_block_follows_what_the_player_does_after_a_loss() -> None:
    # After a loss the player takes the lowest-value move, otherwise the highest.
    rounds, lost = [], False
    for values in CYCLE * 2:
        move = values.lowest() if lost else values.highest()
        bot = beaten_by(move) if len(rounds) % 2 == 0 else beats(move)
        rounds.append((move, bot, values))
        lost = bot == beaten_by(move)
    history = history_of(rounds)
    assert history.results[-1].value == "win"
    after_win = build_features(history, NOW)
    lost_last = history_of([*rounds, (NOW.middle(), beaten_by(NOW.middle()), NOW)])
    after_loss = build_features(lost_last, NOW)

    assert (
        block(after_win, AFTER_RESULT).index(max(block(after_win, AFTER_RESULT)))
        == (MOVE_INDEX[NOW.highest()])
    )
    assert (
        block(after_loss, AFTER_RESULT).index(max(block(after_loss, AFTER_RESULT)))
        == (MOVE_INDEX[NOW.lowest()])
    )


def test_the_vote_sums_every_rules_fit_over_the_number_of_rules() -> None:
    history = history_of((v.highest(), bot, v) for v, bot in zip(CYCLE, BOT, strict=True))
    row = build_features(history, NOW)
    assert 0.0 < sum(block(row, VOTE)) <= 1.0
    assert block(row, VOTE)[MOVE_INDEX[NOW.highest()]] >= fit_after(6) / len(RULES)
