from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from games.engine.history import GameHistory
from games.engine.moves import MOVES, Move
from games.engine.opponents import DEFAULT_NOISE, SCRIPTED_OPPONENTS, scripted_move
from games.engine.round_values import deterministic_round_points
from games.engine.scoring import score_round
from tests.engine.strategies import game_ids

R, P, S = Move.ROCK, Move.PAPER, Move.SCISSORS
GAMES = range(1500)


def history_of(game_id: object, pairs: list[tuple[Move, Move]]) -> GameHistory:
    history = GameHistory()
    for round_no, (player_move, bot_move) in enumerate(pairs, start=1):
        values = deterministic_round_points(game_id, round_no)
        history = history.after(
            player_move, bot_move, values, score_round(player_move, bot_move, values)
        )
    return history


# A noisy move is uniformly random, so one in three of them happens to be the habit's move.
EXPECTED_DEVIATION = DEFAULT_NOISE * 2 / 3


@pytest.mark.parametrize("name", sorted(SCRIPTED_OPPONENTS))
def test_about_a_tenth_of_moves_are_noise_with_the_default_noise(name: str) -> None:
    deviations = 0
    for game_id in GAMES:
        history = history_of(game_id, [(R, P), (S, S), (P, R), (R, S)][: game_id % 5])
        values = deterministic_round_points(game_id, history.next_round_no)
        noisy = scripted_move(name, history, values, game_id=game_id)
        clean = scripted_move(name, history, values, game_id=game_id, noise=0.0)
        deviations += noisy != clean
    assert deviations / len(GAMES) == pytest.approx(EXPECTED_DEVIATION, abs=0.03)


def test_full_noise_is_uniformly_random() -> None:
    values = deterministic_round_points(1, 1)
    counts = Counter(
        scripted_move("Cal", GameHistory(), values, game_id=game_id, noise=1.0) for game_id in GAMES
    )
    for move in MOVES:
        assert counts[move] / len(GAMES) == pytest.approx(1 / 3, abs=0.05)


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from(sorted(SCRIPTED_OPPONENTS)),
    game_id=game_ids,
    pairs=st.lists(st.tuples(st.sampled_from(MOVES), st.sampled_from(MOVES)), max_size=8),
)
def test_scripted_moves_are_reproducible_for_the_same_game_and_round(
    name: str, game_id: object, pairs: list[tuple[Move, Move]]
) -> None:
    history = history_of(game_id, pairs)
    values = deterministic_round_points(game_id, history.next_round_no)
    assert scripted_move(name, history, values, game_id=game_id) is scripted_move(
        name, history, values, game_id=game_id
    )


@pytest.mark.parametrize("game_id", [7, "a long game"])
def test_noise_comes_and_goes_from_round_to_round_within_one_game(game_id: object) -> None:
    history = GameHistory()
    deviations = 0
    rounds = 600
    for round_no in range(1, rounds + 1):
        values = deterministic_round_points(game_id, round_no)
        noisy = scripted_move("Hal", history, values, game_id=game_id)
        clean = scripted_move("Hal", history, values, game_id=game_id, noise=0.0)
        deviations += noisy != clean
        history = history.after(clean, clean, values, score_round(clean, clean, values))
    assert deviations / rounds == pytest.approx(EXPECTED_DEVIATION, abs=0.03)
