"""The in-game mixture on its own, with experts whose predictions are known exactly."""

import numpy as np
import pytest

from training.learning.families.mixture import MixtureParams, fixed_experts, mix, move_sequence

NAMES = ("rock lover", "paper lover", "uniform")


def _experts(rounds: int) -> np.ndarray:
    rock = np.tile([0.8, 0.1, 0.1], (rounds, 1))
    paper = np.tile([0.1, 0.8, 0.1], (rounds, 1))
    uniform = np.full((rounds, 3), 1 / 3)
    return np.stack([rock, paper, uniform], axis=1)


def _mix(moves: list[int]):
    prior = np.array([0.4, 0.4, 0.2])
    return mix(_experts(len(moves) + 1), moves, prior, MixtureParams(), NAMES)


def test_the_expert_that_explains_the_moves_gains_the_weight():
    trace = _mix([0, 0, 1, 0, 0, 0, 0, 0])
    assert trace.weights[0].tolist() == pytest.approx([0.4, 0.4, 0.2])
    assert trace.weights[-1, 0] > 0.9
    assert trace.probabilities[-1, 0] > 0.7
    assert trace.leading(1) == (("rock lover", pytest.approx(trace.weights[-1, 0])),)


def test_moves_no_expert_explains_leave_it_on_uniform():
    rng = np.random.default_rng(1)
    trace = _mix([int(m) for m in rng.permutation(np.repeat([0, 1, 2], 6))])
    assert trace.weights[-1, 2] > 0.8
    assert np.abs(trace.probabilities[-1] - 1 / 3).max() < 0.05


def test_row_i_never_uses_the_move_of_row_i():
    with_rock = _mix([0, 0, 0])
    with_paper = _mix([0, 0, 1])
    np.testing.assert_array_equal(with_rock.weights[:3], with_paper.weights[:3])
    assert not np.allclose(with_rock.weights[3], with_paper.weights[3])


def test_fixed_share_lets_it_follow_a_player_who_changes_style():
    trace = _mix([0] * 8 + [1] * 6)
    assert trace.weights[-1, 1] > 0.5


def test_the_fixed_experts_read_the_game_from_its_rows():
    from games.engine.features import feature_rows_for_game

    player = ["rock", "rock", "paper", "rock", "rock", "rock"]
    bot = ["paper", "scissors", "rock", "rock", "paper", "rock"]
    values = [(1.0, 2.0, 1.5)] * len(player)
    X = feature_rows_for_game(player, bot, values)[3:]
    y = [0, 0, 0]
    assert move_sequence(X, y) == [0, 0, 1, 0, 0, 0]
    experts = fixed_experts(X, y)
    # Before round 6 the player had played rock 4 times in 5: smoothed (4+1)/(5+3).
    assert experts["frequency"][2].tolist() == pytest.approx([5 / 8, 2 / 8, 1 / 8])
    np.testing.assert_allclose(experts["uniform"], 1 / 3)
    # Before round 6: rock was followed by rock twice and paper once (order 1: 3/6 for rock);
    # rock, rock was followed by paper once (order 2: 1/4 for rock); the two orders averaged.
    assert experts["ngram"][2, 0] == pytest.approx((3 / 6 + 1 / 4) / 2)
