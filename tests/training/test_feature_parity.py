"""Training and serving build the same rows: for every model round of simulated games, the
stateful row (read from the database), the stateless row (from history arrays) and the row that
was actually served (inference capture) are equal."""

import json

import numpy as np
import pytest

from games.engine.features import build_features, feature_rows_for_game
from games.engine.round_values import deterministic_round_points
from games.models import Game
from games.selectors import game_history
from games.simulation import simulation_run
from training import services
from training.models import AliasChangeReason

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
