from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from games.engine.bots import bot_turn
from games.engine.gambits import (
    GAMBIT_ROUNDS,
    OPENING_BOOK,
    Opening,
    choose_opening,
    gambit_move,
    opening_by_name,
)
from games.engine.history import DifficultyMode, GameHistory
from games.engine.moves import MOVES, Move
from games.engine.prediction import Prediction, UniformPredictor
from games.engine.round_values import RoundValues, deterministic_round_points
from games.engine.scoring import score_round
from tests.engine.strategies import game_ids, modes

TIER = {"highest": 0, "middle": 1, "lowest": 2}


class CountingPredictor:
    """A real uniform predictor that remembers how often it was asked."""

    def __init__(self) -> None:
        self.calls = 0

    def predict(self, history: GameHistory, values: RoundValues) -> Prediction:
        self.calls += 1
        return UniformPredictor().predict(history, values)


@settings(max_examples=150, deadline=None)
@given(game_id=game_ids, player_moves=st.lists(st.sampled_from(MOVES), min_size=3, max_size=3))
def test_rounds_one_to_three_follow_the_chosen_openings_ranks(
    game_id: object, player_moves: list[Move]
) -> None:
    opening = choose_opening(game_id)
    predictor = CountingPredictor()
    history = GameHistory()
    for round_no, player_move in enumerate(player_moves, start=1):
        values = deterministic_round_points(game_id, round_no)
        turn = bot_turn(history, values, game_id=game_id, opening=opening, predictor=predictor)
        assert turn.prediction is None
        assert values.ranked().index(turn.move) == TIER[opening.ranks[round_no - 1]]
        history = history.after(
            player_move, turn.move, values, score_round(player_move, turn.move, values)
        )
    assert predictor.calls == 0


@settings(max_examples=30, deadline=None)
@given(game_id=game_ids, mode=modes)
def test_round_four_asks_the_predictor_exactly_once(game_id: object, mode: DifficultyMode) -> None:
    opening = choose_opening(game_id)
    history = GameHistory(difficulty_mode=mode)
    for round_no in range(1, GAMBIT_ROUNDS + 1):
        values = deterministic_round_points(game_id, round_no)
        move = gambit_move(opening, round_no, values)
        history = history.after(move, move, values, score_round(move, move, values))
    predictor = CountingPredictor()
    values = deterministic_round_points(game_id, GAMBIT_ROUNDS + 1)
    turn = bot_turn(history, values, game_id=game_id, opening=opening, predictor=predictor)
    assert predictor.calls == 1
    assert turn.prediction is not None
    assert turn.prediction.source == "uniform"


@pytest.mark.parametrize("opening", OPENING_BOOK, ids=lambda o: o.name)
def test_gambit_moves_take_the_rank_the_opening_names(opening: Opening) -> None:
    for round_no in range(1, GAMBIT_ROUNDS + 1):
        for game_id in range(20):
            values = deterministic_round_points(game_id, round_no)
            move = gambit_move(opening, round_no, values)
            assert values.ranked().index(move) == TIER[opening.ranks[round_no - 1]]


@pytest.mark.parametrize("round_no", [0, GAMBIT_ROUNDS + 1, 10])
def test_gambit_move_refuses_rounds_outside_the_opening(round_no: int) -> None:
    with pytest.raises(ValueError):
        gambit_move(OPENING_BOOK[0], round_no, deterministic_round_points(1, max(round_no, 1)))


@settings(max_examples=100, deadline=None)
@given(game_id=game_ids)
def test_choose_opening_is_the_same_every_time_for_a_game(game_id: object) -> None:
    assert choose_opening(game_id) == choose_opening(game_id)


def test_openings_are_drawn_roughly_by_weight_over_many_games() -> None:
    draws = 6000
    counts = Counter(choose_opening(game_id).name for game_id in range(draws))
    counts.update(choose_opening(f"game-{n}").name for n in range(draws))
    total_weight = sum(opening.weight for opening in OPENING_BOOK)
    assert set(counts) == {opening.name for opening in OPENING_BOOK}
    for opening in OPENING_BOOK:
        share = counts[opening.name] / (2 * draws)
        assert share == pytest.approx(opening.weight / total_weight, abs=0.02), opening.name


def test_openings_can_be_found_again_by_their_stored_name() -> None:
    for opening in OPENING_BOOK:
        assert opening_by_name(opening.name) is opening
    with pytest.raises(ValueError):
        opening_by_name("queens_gambit")


def test_the_opening_book_is_three_ranked_moves_per_opening_with_positive_weights() -> None:
    assert len({opening.name for opening in OPENING_BOOK}) == len(OPENING_BOOK)
    for opening in OPENING_BOOK:
        assert len(opening.ranks) == GAMBIT_ROUNDS
        assert set(opening.ranks) <= set(TIER)
        assert opening.weight > 0
