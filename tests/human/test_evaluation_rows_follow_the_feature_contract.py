from __future__ import annotations

from pathlib import Path

import numpy as np

from games.engine.features import build_features
from games.engine.history import GameHistory
from games.engine.round_values import deterministic_round_points
from games.engine.scoring import score_round
from tests.human.models import RecordsRows
from training.human.data import evaluate_games, games_from_file


def test_the_model_sees_the_stateless_row_of_each_round_from_the_fourth_on(sessions_csv: Path):
    games = list(games_from_file(sessions_csv, game_rounds=25))
    model = RecordsRows()
    evaluate_games(games, model, target=10.0)
    expected: list[list[float]] = []
    for game in games:
        history = GameHistory(target=10.0)
        for round_no, (person, bot) in enumerate(
            zip(game.human_moves, game.bot_moves, strict=True), start=1
        ):
            values = deterministic_round_points(f"human:{game.session}:{game.game_index}", round_no)
            if round_no >= 4:
                expected.append(build_features(history, values))
            history = history.after(person, bot, values, score_round(person, bot, values))
    (seen,) = model.seen  # one batch for the whole file
    np.testing.assert_array_equal(seen, np.array(expected))
