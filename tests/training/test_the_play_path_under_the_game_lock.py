"""What a round costs: three statements, all under its game's row lock, and never a model load
while it holds the lock (models are preloaded when a process starts; a model that is missing is
loaded after the lock is let go, and the round is played from the start)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from games import services as play
from games.engine.gambits import GAMBIT_ROUNDS
from games.models import Game
from games.selectors import game_history
from tests.factories import start_game
from training import serving
from training.models import AliasChangeReason
from training.registry.services import aliases_move

# The locked read (which checks ownership too), the round's insert, the game's update.
STATEMENTS_UNDER_THE_LOCK = 3


def pin_production(version, settings) -> None:
    settings.ENABLE_AB_TESTING = False
    aliases_move(
        family="mnlogit",
        moves={"Production": version},
        reason=AliasChangeReason.BOOTSTRAP,
        actor="t",
    )


def statements(queries: CaptureQueriesContext) -> list[str]:
    # The test's own transaction turns the service's into savepoints: not statements of a play.
    return [
        q["sql"]
        for q in queries.captured_queries
        if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def play_gambit(game: Game) -> None:
    for _ in range(GAMBIT_ROUNDS):
        play.round_play(game_id=game.pk, move="rock", player=None)


@pytest.mark.django_db
def test_a_model_round_runs_three_statements_all_under_the_lock(registered_version, settings):
    pin_production(registered_version(), settings)
    game = start_game(policy="logan")
    play_gambit(game)
    serving.preload_all()
    settings.SERVING_GENERATION_CHECK_SECONDS = 3600.0  # the generation was just looked at

    with CaptureQueriesContext(connection) as queries:
        played = play.round_play(game_id=game.pk, move="paper", player=game.player)

    assert played.round.prediction_source == "model"
    sql = statements(queries)
    assert len(sql) == STATEMENTS_UNDER_THE_LOCK, "\n".join(sql)
    locked_read, insert, update = sql
    if connection.vendor == "postgresql":
        assert "FOR UPDATE" in locked_read
    assert insert.upper().startswith("INSERT INTO") and "games_round" in insert
    assert update.upper().startswith("UPDATE") and "games_game" in update


@pytest.mark.django_db
def test_a_foreign_game_is_refused_by_the_locked_read_and_nothing_changes(
    registered_version, settings
):
    from games.errors import ForeignGame
    from tests.factories import PlayerFactory

    pin_production(registered_version(), settings)
    game = start_game(policy="logan")

    with pytest.raises(ForeignGame):
        play.round_play(game_id=game.pk, move="rock", player=PlayerFactory())

    game.refresh_from_db()
    assert game.rounds_played == 0 and game.record == []


@pytest.mark.django_db(transaction=True)
def test_no_model_is_loaded_while_a_game_is_locked(registered_version, settings, monkeypatch):
    pin_production(registered_version(), settings)
    loads_inside_a_transaction: list[bool] = []
    real_load = serving.load_version

    def watched_load(**kwargs):
        loads_inside_a_transaction.append(connection.in_atomic_block)
        return real_load(**kwargs)

    monkeypatch.setattr(serving, "load_version", watched_load)
    game = start_game(policy="logan")

    for _ in range(GAMBIT_ROUNDS + 2):
        played = play.round_play(game_id=game.pk, move="scissors", player=None)

    assert played.round.prediction_source == "model"
    assert loads_inside_a_transaction == [False]


@pytest.mark.django_db
def test_preloading_loads_every_alias_holder_before_any_play(registered_version, settings):
    version = registered_version()
    pin_production(version, settings)

    loaded = serving.preload_all()

    assert loaded["mnlogit"] == [str(version.version)]
    assert ("mnlogit", str(version.version)) in serving.cached_versions()


@pytest.mark.django_db
def test_the_game_record_tells_the_same_history_as_its_rounds(registered_version, settings):
    pin_production(registered_version(), settings)
    game = start_game(policy="logan")
    for move in ["rock", "paper", "paper", "scissors", "rock", "rock", "paper"]:
        game = play.round_play(game_id=game.pk, move=move, player=None).game

    from_record = game_history(game)
    from_rounds = game_history(game, before_round=game.rounds_played + 1)

    assert len(game.record) == game.rounds_played == 7
    assert from_record == from_rounds
    # The model's last round left its carry for the next one.
    assert game.model_carry["round"] == 7
    assert game.model_carry["version"] == game.model_version


@pytest.mark.django_db
def test_an_original_client_naming_its_session_plays_in_three_statements(
    registered_version, settings, api_client
):
    pin_production(registered_version(), settings)
    started = api_client.post(
        "/start_game", {"player_name": "Carla", "policy": "logan"}, format="json"
    ).json()
    body = {"game_id": started["game_id"], "user_move": "rock"}
    for _ in range(GAMBIT_ROUNDS):
        api_client.post("/play", {**body, "session_id": started["session_id"]}, format="json")
    serving.preload_all()
    settings.SERVING_GENERATION_CHECK_SECONDS = 3600.0

    with CaptureQueriesContext(connection) as queries:
        answer = api_client.post(
            "/play", {**body, "session_id": started["session_id"]}, format="json"
        )

    assert answer.status_code == 200, answer.content
    assert answer.json()["model_info"]["probability_source"] == "model"
    assert len(statements(queries)) == STATEMENTS_UNDER_THE_LOCK, "\n".join(statements(queries))


@pytest.mark.django_db
def test_an_unknown_or_foreign_session_is_refused_and_nothing_changes(api_client):
    mine = api_client.post("/start_game", {"player_name": "A", "policy": "logan"}, format="json")
    theirs = api_client.post("/start_game", {"player_name": "B", "policy": "logan"}, format="json")
    game_id = mine.json()["game_id"]

    unknown = api_client.post(
        "/play", {"game_id": game_id, "user_move": "rock", "session_id": "nobody"}, format="json"
    )
    foreign = api_client.post(
        "/play",
        {"game_id": game_id, "user_move": "rock", "session_id": theirs.json()["session_id"]},
        format="json",
    )

    assert unknown.status_code == 404 and "session_id" in unknown.json()["detail"]
    assert foreign.status_code == 403
    assert Game.objects.get(pk=game_id).rounds_played == 0
