"""Training and serving build the same rows: for every model round of simulated games, the
stateful row (read from the database), the stateless row (from history arrays) and the row that
was actually served (inference capture) are equal; and the game's rows the served mixture weighs
its experts on are the data set's rows of that game."""

import json

import numpy as np
import pytest

from games.engine.features import build_features, feature_rows_for_game
from games.engine.gambits import GAMBIT_ROUNDS
from games.engine.round_values import deterministic_round_points
from games.models import Game
from games.selectors import game_history
from games.simulation import simulation_run
from training.learning.dataset import dataset_build
from training.models import AliasChangeReason
from training.registry import services
from training.serving.predictors import game_rows

pytestmark = pytest.mark.django_db


def test_stateful_stateless_and_served_rows_agree(registered_version, settings, tmp_path):
    settings.RPS_CAPTURE_INFERENCE_DIR = str(tmp_path / "capture")
    settings.RPS_CAPTURE_INFERENCE_SAMPLE_RATE = 1.0
    services.aliases_move(
        family="mnlogit",
        moves={"Production": registered_version(), "B": registered_version()},
        reason=AliasChangeReason.BOOTSTRAP,
        actor="t",
    )
    for opponent in ("Ace", "Dan", "Fox", "Gus"):
        simulation_run(opponent=opponent, policy="logan", count=3)
        simulation_run(opponent=opponent, policy="logan_easy", count=2)

    served = {}
    for line in (tmp_path / "capture" / "mnlogit.jsonl").read_text().splitlines():
        entry = json.loads(line)
        served[(entry["game_id"], entry["round_no"])] = entry["row"]
    checked = 0
    for game in Game.objects.filter(family="mnlogit"):
        rounds = list(game.rounds.order_by("round_no"))
        batch = feature_rows_for_game(
            [r.player_move for r in rounds],
            [r.bot_move for r in rounds],
            [(float(r.value_rock), float(r.value_paper), float(r.value_scissors)) for r in rounds],
            target=float(game.target_points),
            difficulty_mode=game.difficulty_mode,
        )
        for played in rounds[3:]:
            history = game_history(game, before_round=played.round_no)
            values = (
                float(played.value_rock),
                float(played.value_paper),
                float(played.value_scissors),
            )
            stateful = build_features(history, deterministic_round_points(game.pk, played.round_no))
            assert stateful == served[(game.pk, played.round_no)]
            assert np.array_equal(np.array(stateful), batch[played.round_no - 1])
            assert tuple(stateful[27:30]) == values
            checked += 1
    assert checked == len(served) > 100


def test_the_rows_the_served_mixture_weighs_are_the_rows_it_was_trained_on():
    for opponent in ("Ace", "Dan", "Gus"):
        simulation_run(opponent=opponent, policy="logan", count=2)
    data = dataset_build(stride=1)

    checked = 0
    for game in Game.objects.all():
        rebuilt = data.game_id == game.pk
        for played in game.rounds.filter(round_no__gt=GAMBIT_ROUNDS).order_by("round_no"):
            history = game_history(game, before_round=played.round_no)
            values = deterministic_round_points(game.pk, played.round_no)

            rows, moves = game_rows(history, values)

            upto = rebuilt & (data.round_no <= played.round_no)
            np.testing.assert_array_equal(rows.astype(np.float32), data.X[upto])
            assert moves == [int(move) for move in data.y[upto][:-1]]
            checked += 1
    assert checked > 20
