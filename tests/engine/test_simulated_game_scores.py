from __future__ import annotations

import math

import pytest
from hypothesis import given, settings

from games.engine.history import DifficultyMode
from games.engine.moves import Result, beats
from games.engine.opponents import SCRIPTED_OPPONENTS
from games.engine.prediction import FrequencyPredictor, MovePredictor, UniformPredictor
from games.engine.round_values import deterministic_round_points
from games.engine.scoring import score_round
from games.engine.simulation import SimulatedGame, simulate_game
from tests.engine.strategies import game_ids, modes, opponents, predictors, targets

PREDICTORS: list[MovePredictor] = [FrequencyPredictor(), UniformPredictor()]


def assert_scores_are_sums_of_won_values(game: SimulatedGame, game_id: object) -> None:
    history = game.history
    player_deltas: list[float] = []
    bot_deltas: list[float] = []
    for i, (player_move, bot_move) in enumerate(
        zip(history.player_moves, history.bot_moves, strict=True)
    ):
        values = history.values[i]
        assert values == deterministic_round_points(game_id, i + 1)
        score = score_round(player_move, bot_move, values)
        # score_round itself, cross-checked against the rules in plain words.
        if player_move == bot_move:
            assert (score.result, score.player_delta, score.bot_delta) == (Result.DRAW, 0.5, 0.5)
        elif beats(player_move) == bot_move:
            assert (score.result, score.player_delta, score.bot_delta) == (
                Result.WIN,
                values.of(player_move),
                0.0,
            )
        else:
            assert (score.result, score.player_delta, score.bot_delta) == (
                Result.LOSE,
                0.0,
                values.of(bot_move),
            )
        assert history.results[i] is score.result
        player_deltas.append(score.player_delta)
        bot_deltas.append(score.bot_delta)
    assert history.player_score == round(math.fsum(player_deltas), 1)
    assert history.bot_score == round(math.fsum(bot_deltas), 1)


@pytest.mark.parametrize("mode", list(DifficultyMode))
@pytest.mark.parametrize("predictor", PREDICTORS, ids=lambda p: p.source)
@pytest.mark.parametrize("opponent", sorted(SCRIPTED_OPPONENTS))
def test_every_opponent_predictor_and_mode_scores_the_sum_of_won_values(
    opponent: str, predictor: MovePredictor, mode: DifficultyMode
) -> None:
    for game_id in (1, 2, "3f9c", "a game"):
        game = simulate_game(
            game_id=game_id, opponent=opponent, predictor=predictor, difficulty_mode=mode
        )
        assert_scores_are_sums_of_won_values(game, game_id)


@settings(max_examples=120, deadline=None)
@given(
    game_id=game_ids,
    opponent=opponents,
    predictor=predictors,
    mode=modes,
    target=targets,
)
def test_final_scores_equal_the_sum_of_won_round_values(
    game_id: object,
    opponent: str,
    predictor: MovePredictor,
    mode: DifficultyMode,
    target: float,
) -> None:
    game = simulate_game(
        game_id=game_id,
        opponent=opponent,
        predictor=predictor,
        target=target,
        difficulty_mode=mode,
    )
    assert_scores_are_sums_of_won_values(game, game_id)


@settings(max_examples=30, deadline=None)
@given(game_id=game_ids, opponent=opponents, predictor=predictors, mode=modes)
def test_a_simulated_game_is_reproducible(
    game_id: object, opponent: str, predictor: MovePredictor, mode: DifficultyMode
) -> None:
    def run() -> SimulatedGame:
        return simulate_game(
            game_id=game_id, opponent=opponent, predictor=predictor, difficulty_mode=mode
        )

    assert run() == run()
