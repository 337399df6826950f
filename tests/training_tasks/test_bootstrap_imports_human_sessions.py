"""``bootstrap_human_sessions_import``: a new installation gets the recorded people's training
sessions as games, so that scheduled training (one simulated game in
TRAINING_LEGACY_GAME_STRIDE, every person's game) passes the minimum-samples gate from the
start; held-out sessions stay out, and a second run imports nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from games.engine.gambits import GAMBIT_ROUNDS
from games.models import Game, Player
from games.simulation import bootstrap_games_top_up
from rpsweb.settings.env import BASE_DIR
from training.human.data import DEFAULT_GAME_ROUNDS, games_from_file
from training.learning.dataset import dataset_build
from training.lifecycle.bootstrap import HumanBootstrap, bootstrap_human_sessions_import
from training.lifecycle.scheduled import family_train
from training.models import ModelVersion

pytestmark = pytest.mark.django_db

SHIPPED = BASE_DIR / "data" / "human-rps" / "exp1.csv.gz"
MOVES = ("rock", "paper", "scissors")
OUTCOMES = ("tie", "win", "loss")  # by (human - bot) % 3: paper beats rock, and so on
# Four sessions of two 25-round games each; session 4 is a held-out one (one in four).
SESSIONS, ROUNDS = (1, 2, 3, 4), 2 * DEFAULT_GAME_ROUNDS
ROWS_PER_GAME = DEFAULT_GAME_ROUNDS - GAMBIT_ROUNDS


@pytest.fixture
def sessions_file(tmp_path: Path) -> Path:
    lines = ["session,round_index,bot_strategy,human_move,bot_move,human_outcome,started_ms"]
    for session in SESSIONS:
        for i in range(1, ROUNDS + 1):
            human, bot = (i * session) % 3, i % 3
            outcome = OUTCOMES[(human - bot) % 3]
            lines.append(
                f"{session},{i},s,{MOVES[human]},{MOVES[bot]},{outcome},{1582334697489 + 1000 * i}"
            )
    path = tmp_path / "sessions.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_the_training_sessions_are_imported_and_the_held_out_one_is_not(sessions_file):
    outcome = bootstrap_human_sessions_import(path=sessions_file)

    assert outcome == HumanBootstrap(imported=3, present=0, held_out=1, games=6, rounds=150)
    assert sorted(Player.objects.values_list("name", "source")) == [
        ("human-rps-1", "human-rps"),
        ("human-rps-2", "human-rps"),
        ("human-rps-3", "human-rps"),
    ]
    assert Game.objects.count() == 6
    assert outcome.describe() == (
        "3 training sessions imported (6 games, 150 rounds), 0 already there, "
        "1 held-out sessions left out"
    )


def test_a_second_run_imports_nothing_twice(sessions_file):
    bootstrap_human_sessions_import(path=sessions_file)
    games = set(Game.objects.values_list("pk", flat=True))

    again = bootstrap_human_sessions_import(path=sessions_file)

    assert again == HumanBootstrap(imported=0, present=3, held_out=1, games=0, rounds=0)
    assert set(Game.objects.values_list("pk", flat=True)) == games
    assert Player.objects.count() == 3


def test_scheduled_training_no_longer_skips_for_want_of_rows(sessions_file, settings, fast_gates):
    settings.TRAINING_LEGACY_GAME_STRIDE = 5
    settings.GATE_MIN_SAMPLES = 150
    bootstrap_games_top_up(games_per_pair=1)  # 24 simulated games, about 50 rows kept at stride 5
    scripted = dataset_build().counts()["scripted_rows"]
    assert scripted < settings.GATE_MIN_SAMPLES
    before = family_train(family="mnlogit", owner="tests:before")

    bootstrap_human_sessions_import(path=sessions_file)
    after = family_train(family="mnlogit", owner="tests:after")

    assert str(before["skipped"]).startswith(f"not enough data: {scripted} rows")
    assert after["rows"] == scripted + 6 * ROWS_PER_GAME
    # Only the sample gate is this test's business: the others judge a model fitted on a few
    # synthetic games, whose hold-out block (the newest games, so the simulated ones) depends on
    # which game ids the stride happens to keep.
    assert "skipped" not in after
    version = ModelVersion.objects.get(family="mnlogit")
    assert version.gate_results["min_samples"] == {
        "rows": after["rows"],
        "passed": True,
        "threshold": 150,
    }


def test_the_shipped_training_sessions_alone_pass_the_sample_gate(settings):
    games = list(games_from_file(SHIPPED, game_rounds=DEFAULT_GAME_ROUNDS, sessions="training"))
    rows = sum(len(game.human_moves) - GAMBIT_ROUNDS for game in games)

    # 163 of the 217 sessions; some rounds had no answer, so a few games are shorter than 25.
    assert len({game.session for game in games}) == 163
    assert rows == 42_888
    assert rows >= 20 * settings.GATE_MIN_SAMPLES
