import json
import logging

import pytest

from core.logging import JsonFormatter
from tests.factories import finished_game

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_finished_game_is_logged_as_one_json_object_with_its_fields(caplog):
    with caplog.at_level(logging.INFO, logger="rpsweb.games"):
        game = finished_game(policy="brian")

    finished = [r for r in caplog.records if r.getMessage() == "game finished"]
    entry = json.loads(JsonFormatter().format(finished[0]))
    assert entry["game_id"] == game.pk
    assert entry["winner"] == game.winner
    assert entry["rounds"] == game.rounds_played
    assert entry["level"] == "INFO"
    assert entry["logger"] == "rpsweb.games"
