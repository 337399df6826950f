"""One session in four is held out: imported under its own source, never trained on, and
what evaluate_human --sessions holdout replays."""

from pathlib import Path

import pytest

from games.models import Player
from training.human.data import games_from_file, in_session_set, is_holdout_session
from training.human.importer import human_sessions_import

pytestmark = pytest.mark.django_db


def test_every_fourth_session_is_held_out():
    assert [is_holdout_session(n) for n in (1, 2, 3, 4, 8, 9)] == [
        False, False, False, True, True, False,
    ]  # fmt: skip
    assert in_session_set("4", "holdout") and not in_session_set("4", "training")
    with pytest.raises(ValueError):
        in_session_set("4", "everything")


def test_held_out_sessions_are_imported_under_their_own_source(tmp_path: Path):
    data = tmp_path / "sessions.csv"
    rows = ["session,round_index,bot_strategy,human_move,bot_move,human_outcome,started_ms"]
    for session in (3, 4):
        for i in range(1, 6):
            rows.append(f"{session},{i},s,rock,paper,loss,{1582334697489 + i}")
    data.write_text("\n".join(rows) + "\n")

    human_sessions_import(path=data, game_rounds=5)

    sources = dict(Player.objects.values_list("name", "source"))
    assert sources == {"human-rps-3": "human-rps", "human-rps-4": "human-rps-holdout"}
    held_out = list(games_from_file(data, game_rounds=5, sessions="holdout"))
    assert len(held_out) == 1
