from __future__ import annotations

from collections import Counter

import pytest

from games.engine.bots import bot_turn
from games.engine.gambits import choose_opening
from games.engine.history import DifficultyMode, GameHistory
from games.engine.moves import MOVES, Move
from games.engine.policy import choose_bot_move, expected_points, rank_moves
from games.engine.prediction import FrequencyPredictor
from games.engine.round_values import deterministic_round_points
from games.engine.scoring import score_round
from tests.engine.builders import values_with

VALUES = values_with(low=Move.ROCK, base=1.2)
PROBS = (0.5, 0.3, 0.2)
SEEDS = [(game_id, round_no) for game_id in range(500) for round_no in range(4, 10)]


def easy_move(seed: tuple[object, ...]) -> Move:
    return choose_bot_move(
        PROBS,
        VALUES,
        bot_score=0.0,
        player_score=0.0,
        target=10.0,
        mode=DifficultyMode.EASY,
        seed=seed,
    )


def test_easy_mode_picks_worst_middle_best_about_seven_two_one() -> None:
    best, middle, worst = rank_moves(
        expected_points(PROBS, VALUES, bot_score=0.0, player_score=0.0, target=10.0)
    )
    assert len({best, middle, worst}) == 3
    counts = Counter(easy_move(seed) for seed in SEEDS)
    n = len(SEEDS)
    assert counts[worst] / n == pytest.approx(0.7, abs=0.04)
    assert counts[middle] / n == pytest.approx(0.2, abs=0.04)
    assert counts[best] / n == pytest.approx(0.1, abs=0.04)


def test_easy_mode_is_reproducible_for_the_same_game_and_round() -> None:
    assert [easy_move(seed) for seed in SEEDS[:200]] == [easy_move(seed) for seed in SEEDS[:200]]


def test_easy_mode_varies_its_pick_from_round_to_round_within_one_game() -> None:
    game_id = "one easy game"
    opening = choose_opening(game_id)
    predictor = FrequencyPredictor()
    history = GameHistory(target=10_000.0, difficulty_mode=DifficultyMode.EASY)
    picks: Counter[int] = Counter()
    for round_no in range(1, 401):
        values = deterministic_round_points(game_id, round_no)
        turn = bot_turn(history, values, game_id=game_id, opening=opening, predictor=predictor)
        if turn.prediction is not None:
            ranking = rank_moves(
                expected_points(
                    turn.prediction.probabilities,
                    values,
                    bot_score=history.bot_score,
                    player_score=history.player_score,
                    target=history.target,
                )
            )
            picks[ranking.index(turn.move)] += 1
        player_move = MOVES[round_no % 3]
        history = history.after(
            player_move, turn.move, values, score_round(player_move, turn.move, values)
        )
    n = sum(picks.values())
    best, middle, worst = 0, 1, 2
    assert picks[worst] / n == pytest.approx(0.7, abs=0.07)
    assert picks[middle] / n == pytest.approx(0.2, abs=0.07)
    assert picks[best] / n == pytest.approx(0.1, abs=0.07)
