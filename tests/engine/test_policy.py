from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from games.engine.history import DifficultyMode
from games.engine.moves import MOVES, Move
from games.engine.policy import (
    DRAW_WEIGHT,
    FINISHING_BONUS,
    choose_bot_move,
    expected_points,
    rank_moves,
)
from games.engine.prediction import Probabilities
from games.engine.round_values import RoundValues, deterministic_round_points
from games.engine.scoring import DRAW_POINTS
from tests.engine.builders import values_with

R, P, S = Move.ROCK, Move.PAPER, Move.SCISSORS
VALUES = values_with(low=R, base=1.2)  # rock 1.0, paper 1.2, scissors 1.7
DRAW = DRAW_WEIGHT * DRAW_POINTS  # the draw term per unit of draw probability


@st.composite
def probabilities(draw: st.DrawFn) -> Probabilities:
    weights = draw(st.tuples(*[st.integers(min_value=0, max_value=100)] * 3))
    total = sum(weights)
    if total == 0:
        return (1 / 3, 1 / 3, 1 / 3)
    return (weights[0] / total, weights[1] / total, weights[2] / total)


round_values = st.builds(
    deterministic_round_points,
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=1, max_value=50),
)
scores = st.integers(min_value=0, max_value=120).map(lambda n: n / 10)


def test_expected_points_match_a_hand_computed_example() -> None:
    # Player: rock 0.5, paper 0.3, scissors 0.2. Nobody is near the target: no bonus.
    points = expected_points((0.5, 0.3, 0.2), VALUES, bot_score=0.0, player_score=0.0, target=10.0)
    # Rock beats scissors (0.2 x 1.0), loses to paper (0.3 x 1.2), draws with rock (0.5).
    assert points[R] == pytest.approx(0.2 * 1.0 - 0.3 * 1.2 + 0.5 * DRAW)
    # Paper beats rock (0.5 x 1.2), loses to scissors (0.2 x 1.7), draws with paper (0.3).
    assert points[P] == pytest.approx(0.5 * 1.2 - 0.2 * 1.7 + 0.3 * DRAW)
    # Scissors beats paper (0.3 x 1.7), loses to rock (0.5 x 1.0), draws with scissors (0.2).
    assert points[S] == pytest.approx(0.3 * 1.7 - 0.5 * 1.0 + 0.2 * DRAW)


def test_expected_points_add_the_finishing_bonus_to_moves_that_reach_the_target() -> None:
    plain = expected_points((0.5, 0.3, 0.2), VALUES, bot_score=0.0, player_score=0.0, target=10.0)
    # Bot at 8.5: only scissors (1.7) reaches 10. Player at 8.5: only their scissors does,
    # which is the threat to the bot's paper.
    near = expected_points((0.5, 0.3, 0.2), VALUES, bot_score=8.5, player_score=8.5, target=10.0)
    assert near[S] - plain[S] == pytest.approx(0.3 * FINISHING_BONUS)
    assert plain[P] - near[P] == pytest.approx(0.2 * FINISHING_BONUS)
    assert near[R] == pytest.approx(plain[R])


def test_the_bot_plays_the_best_expected_move_when_nobody_is_near_the_target() -> None:
    move = choose_bot_move((0.5, 0.3, 0.2), VALUES, bot_score=0.0, player_score=0.0, target=10.0)
    assert move is P


def test_the_bots_finishing_bonus_makes_it_go_for_the_move_that_ends_the_game() -> None:
    probs = (0.5, 0.3, 0.2)
    far = choose_bot_move(probs, VALUES, bot_score=0.0, player_score=0.0, target=10.0)
    near = choose_bot_move(probs, VALUES, bot_score=8.5, player_score=0.0, target=10.0)
    assert (far, near) == (P, S)


def test_the_players_finishing_bonus_makes_the_bot_avoid_the_move_that_loses_the_game() -> None:
    probs = (0.45, 0.3, 0.25)
    far = choose_bot_move(probs, VALUES, bot_score=0.0, player_score=0.0, target=10.0)
    # At 8.5 the player finishes only with scissors (1.7), which beats the bot's paper.
    near = choose_bot_move(probs, VALUES, bot_score=0.0, player_score=8.5, target=10.0)
    assert (far, near) == (P, S)


def test_equal_expectations_are_broken_in_rock_paper_scissors_order() -> None:
    flat = RoundValues(1.0, 1.0, 1.0)
    uniform = (1 / 3, 1 / 3, 1 / 3)
    assert choose_bot_move(uniform, flat, bot_score=0.0, player_score=0.0, target=10.0) is R
    assert rank_moves({R: 0.0, P: 1.0, S: 1.0}) == (P, S, R)
    assert rank_moves({R: 1.0, P: 0.0, S: 1.0}) == (R, S, P)
    assert rank_moves({R: 0.5, P: 0.5, S: 0.5}) == (R, P, S)


@settings(max_examples=200, deadline=None)
@given(probs=probabilities(), values=round_values, bot=scores, player=scores)
def test_standard_mode_plays_a_move_with_the_highest_expectation_first_in_order(
    probs: Probabilities, values: RoundValues, bot: float, player: float
) -> None:
    points = expected_points(probs, values, bot_score=bot, player_score=player, target=10.0)
    move = choose_bot_move(probs, values, bot_score=bot, player_score=player, target=10.0)
    best = max(points.values())
    assert points[move] == best
    assert all(points[m] < best for m in MOVES[: MOVES.index(move)])


@settings(max_examples=200, deadline=None)
@given(
    probs=probabilities(),
    values=round_values,
    bot=scores,
    player=scores,
    mode=st.sampled_from(list(DifficultyMode)),
    seed=st.tuples(st.integers(), st.integers(min_value=4, max_value=60)),
)
def test_the_bot_move_is_the_same_for_the_same_input(
    probs: Probabilities,
    values: RoundValues,
    bot: float,
    player: float,
    mode: DifficultyMode,
    seed: tuple[int, int],
) -> None:
    def choose() -> Move:
        return choose_bot_move(
            probs, values, bot_score=bot, player_score=player, target=10.0, mode=mode, seed=seed
        )

    assert choose() is choose()


def test_a_plain_standard_string_is_standard_mode_not_easy() -> None:
    for game_id in range(30):
        move = choose_bot_move(
            (0.5, 0.3, 0.2),
            VALUES,
            bot_score=0.0,
            player_score=0.0,
            target=10.0,
            mode="standard",  # type: ignore[arg-type]
            seed=(game_id, 4),
        )
        assert move is P


def test_an_unknown_mode_is_refused_rather_than_played_as_easy() -> None:
    with pytest.raises(ValueError):
        choose_bot_move(
            (0.5, 0.3, 0.2),
            VALUES,
            bot_score=0.0,
            player_score=0.0,
            target=10.0,
            mode="hard",  # type: ignore[arg-type]
        )
