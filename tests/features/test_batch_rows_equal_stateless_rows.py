"""Training builds rows in bulk, serving one at a time: they must be the very same numbers."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings

from games.engine.features import (
    FEATURE_COUNT,
    HABITS_AT,
    build_features,
    feature_rows_for_game,
)
from games.engine.habit_tracker import HABIT_FEATURE_COUNT
from games.engine.history import DifficultyMode, GameHistory
from games.engine.opponents import SCRIPTED_OPPONENTS
from games.engine.prediction import FrequencyPredictor
from games.engine.simulation import simulate_game
from tests.engine.strategies import game_ids, modes, opponents, targets
from tests.features.builders import prefixes


def stateless_rows(history: GameHistory) -> list[list[float]]:
    return [
        build_features(before, values)
        for before, values in zip(prefixes(history), history.values, strict=True)
    ]


def batch_rows(history: GameHistory) -> np.ndarray:
    return feature_rows_for_game(
        history.player_moves,
        history.bot_moves,
        history.values,
        history.target,
        history.difficulty_mode,
    )


def test_every_round_of_games_against_every_opponent_agrees_exactly() -> None:
    games = 0
    for opponent in sorted(SCRIPTED_OPPONENTS):
        for game_id in range(12):
            mode = DifficultyMode.EASY if game_id % 3 == 0 else DifficultyMode.STANDARD
            history = simulate_game(
                game_id=f"features-{game_id}",
                opponent=opponent,
                predictor=FrequencyPredictor(),
                difficulty_mode=mode,
            ).history
            rows = batch_rows(history)
            assert rows.shape == (history.rounds_played, FEATURE_COUNT)
            assert rows.dtype == np.float64
            # Exact equality, not closeness: a model must see the same bits in both paths.
            assert rows.tolist() == stateless_rows(history)
            games += 1
    assert games == 8 * 12


def test_the_habit_block_the_paths_agree_on_is_not_trivially_empty() -> None:
    """Parity of all-zero columns would prove nothing: contract v2's habit features (30-38)
    carry a fit in nearly every row after the opening, and differ from game to game."""
    rows = np.concatenate(
        [
            batch_rows(
                simulate_game(
                    game_id=f"habits-{opponent}", opponent=opponent, predictor=FrequencyPredictor()
                ).history
            )[3:]
            for opponent in sorted(SCRIPTED_OPPONENTS)
        ]
    )
    habits = rows[:, HABITS_AT : HABITS_AT + HABIT_FEATURE_COUNT]
    assert (habits.max(axis=1) > 0).mean() > 0.95
    assert len(np.unique(habits.round(6), axis=0)) > len(rows) // 2


@settings(max_examples=60, deadline=None)
@given(game_id=game_ids, opponent=opponents, mode=modes, target=targets)
def test_any_simulated_game_agrees_exactly(
    game_id: object, opponent: str, mode: DifficultyMode, target: float
) -> None:
    history = simulate_game(
        game_id=game_id,
        opponent=opponent,
        predictor=FrequencyPredictor(),
        target=target,
        difficulty_mode=mode,
    ).history
    assert batch_rows(history).tolist() == stateless_rows(history)


def test_moves_and_values_may_come_as_plain_names_and_triples() -> None:
    """As they come out of a database row."""
    history = simulate_game(game_id=7, opponent="Dan", predictor=FrequencyPredictor()).history
    rows = feature_rows_for_game(
        [move.value for move in history.player_moves],
        [move.value for move in history.bot_moves],
        [list(values.as_tuple()) for values in history.values],
        history.target,
        history.difficulty_mode.value,
    )
    assert rows.tolist() == batch_rows(history).tolist()
