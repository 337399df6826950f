"""Each scripted opponent's habit from SPEC "The game", shown with the noise switched off."""

from __future__ import annotations

from collections import Counter

from games.engine.history import GameHistory
from games.engine.moves import MOVES, Move
from games.engine.opponents import SCRIPTED_OPPONENTS, is_scripted_opponent, scripted_move
from games.engine.round_values import RoundValues
from tests.engine.builders import played, values_with

R, P, S = Move.ROCK, Move.PAPER, Move.SCISSORS
# highest scissors 1.7, middle paper 1.2, lowest rock 1.0; a narrow spread (0.7)
V = values_with(low=R, base=1.2)
# highest paper 1.6, middle rock 1.1, lowest scissors 1.0; the narrowest spread (0.6)
V_ALT = values_with(low=S, base=1.1)
# highest rock 1.8, middle scissors 1.3, lowest paper 1.0
V_ROCK_TOP = values_with(low=P, base=1.3)
# highest scissors 2.0, middle paper 1.5, lowest rock 1.0; the widest spread (1.0)
V_WIDE = values_with(low=R, base=1.5)

WIN, LOSE = (R, S), (S, R)  # a player win and a player loss, both against or by a bot rock


def habit(name: str, history: GameHistory, values: RoundValues, game_id: object = 1) -> Move:
    return scripted_move(name, history, values, game_id=game_id, noise=0.0)


def shares(
    name: str, history: GameHistory, values: RoundValues, games: int = 2000
) -> dict[Move, float]:
    """How often each move comes up over many games: the noise is off, the habit's dice are not."""
    counts = Counter(habit(name, history, values, game_id) for game_id in range(games))
    return {move: counts[move] / games for move in MOVES}


def test_the_eight_scripted_opponents_are_ace_to_hal() -> None:
    names = ["Ace", "Bob", "Cal", "Dan", "Edd", "Fox", "Gus", "Hal"]
    assert sorted(SCRIPTED_OPPONENTS) == names
    assert all(is_scripted_opponent(name) for name in names)
    assert not is_scripted_opponent("Zed")


def test_ace_plays_the_most_valuable_move_after_winning_two_of_the_last_three() -> None:
    # Won, won, lost to a bot rock: countering the bot would be paper; Ace goes for scissors.
    assert habit("Ace", played([(R, S), (R, S), LOSE], V), V) is S


def test_ace_otherwise_plays_what_beats_the_bots_last_move() -> None:
    assert habit("Ace", played([(R, S), LOSE, LOSE], V), V) is P
    # Only the last three rounds count: the first of these two wins is out of the window.
    assert habit("Ace", played([(R, S), (R, S), LOSE, LOSE], V), V) is P


def test_bob_rotates_highest_lowest_middle_while_not_ahead() -> None:
    rotation = [habit("Bob", played([(R, R)] * k, V), V) for k in range(6)]
    assert rotation == [S, R, P, S, R, P]
    # Behind after one round: the rotation goes on to the lowest.
    assert habit("Bob", played([LOSE], V), V) is R


def test_bob_when_winning_counters_the_value_tier_the_bot_has_used_most() -> None:
    # The bot played the top tier (scissors) twice and lost both; this round rock is on top.
    history = played([(R, S), (R, S)], V)
    assert history.player_score > history.bot_score
    assert habit("Bob", history, V_ROCK_TOP) is P  # beats rock; the rotation would say scissors


def test_cal_plays_what_beats_the_most_valuable_move() -> None:
    assert habit("Cal", GameHistory(), V) is R
    assert habit("Cal", played([(P, S)] * 2, V), V) is R


def test_cal_plays_the_most_valuable_move_after_three_straight_losses() -> None:
    assert habit("Cal", played([(P, S)] * 3, V), V) is S
    assert habit("Cal", played([(P, S)] * 3 + [(R, S)], V), V) is R


def test_dan_favours_the_most_valuable_move_the_more_it_is_worth() -> None:
    worth_two = shares("Dan", GameHistory(), V_WIDE)[S]  # top move worth 2.0
    worth_one_six = shares("Dan", GameHistory(), V_ALT)[P]  # top move worth 1.6
    assert worth_one_six > 0.4
    assert worth_two > worth_one_six + 0.07


def test_dan_after_a_loss_leans_on_what_beats_the_bots_last_move() -> None:
    after_draw = played([(S, S), (S, S), (R, R)], V)
    after_loss = played([(S, S), (S, S), LOSE], V)
    assert shares("Dan", after_loss, V)[P] > shares("Dan", after_draw, V)[P] + 0.05


def test_dan_after_a_win_leans_on_repeating_the_winning_move() -> None:
    after_win = played([(S, P), (S, P), (P, R)], V)
    assert shares("Dan", after_win, V)[P] > shares("Dan", GameHistory(), V)[P] + 0.05


def test_edd_plays_the_most_valuable_move_after_a_loss() -> None:
    assert habit("Edd", played([(P, R), (P, R), LOSE], V), V) is S


def test_edd_otherwise_beats_the_bots_most_common_move() -> None:
    assert habit("Edd", played([(P, R), (P, R), (S, S)], V), V) is P


def test_fox_plays_the_lowest_value_move_when_ahead() -> None:
    assert habit("Fox", played([WIN], V), V) is R


def test_fox_beats_the_bots_least_common_move_when_behind() -> None:
    # The bot played scissors, scissors, rock and never paper.
    assert habit("Fox", played([(P, S), (P, S), LOSE], V), V) is S


def test_fox_plays_the_middle_value_move_when_level() -> None:
    assert habit("Fox", GameHistory(), V) is P
    assert habit("Fox", played([(R, R)], V), V) is P


def test_gus_grabs_the_most_valuable_move_when_values_spread_widely() -> None:
    # The bot repeated rock, which Gus would counter with paper under a narrow spread.
    assert habit("Gus", played([(R, R), (R, R)], V), V_WIDE) is S


def test_gus_counters_the_bots_repeated_move_under_a_narrow_spread() -> None:
    history = played([(P, P), (P, P), (P, P), (R, R), (R, R)], V)
    assert habit("Gus", history, V) is P  # beats the repeated rock, not the majority paper


def test_gus_counters_the_bots_majority_move_when_it_did_not_just_repeat() -> None:
    history = played([(P, P), (P, P), (R, R), (S, S)], V)
    assert habit("Gus", history, V_ALT) is S  # beats paper; the top move would be paper


def test_gus_plays_at_random_after_two_straight_losses() -> None:
    one_loss = Counter(habit("Gus", played([LOSE], V), V, g) for g in range(300))
    two_losses = Counter(habit("Gus", played([LOSE, LOSE], V), V, g) for g in range(300))
    assert one_loss == Counter({P: 300})
    assert set(two_losses) == set(MOVES)
    assert min(two_losses.values()) > 60


def test_hal_plays_the_middle_value_move() -> None:
    assert habit("Hal", GameHistory(), V) is P
    assert habit("Hal", played([LOSE, LOSE], V), V_ALT) is R


def test_hal_copies_the_bots_recent_favourite_after_three_straight_losses() -> None:
    # Over the whole game the bot favoured scissors; over its last five moves, paper.
    history = played(
        [(S, S)] * 4 + [(P, P), (P, P)] + [(R, P), (S, R), (S, R)],
        V,
    )
    assert habit("Hal", history, V_ALT) is P
