"""The play path's three statements are plain SQL (games.rows); what they read and write must be
exactly what the ORM reads and writes, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.transaction import TransactionManagementError
from django.forms.models import model_to_dict

from games import rows, services
from games.models import Game, Round
from tests.factories import PlayerFactory, round_like, start_game

pytestmark = pytest.mark.django_db(transaction=True)


def every_column(instance: Game | Round) -> dict[str, object]:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def played_game(rounds: int = 5) -> Game:
    game = start_game(policy="forrest")
    for move in ["rock", "paper", "scissors", "rock", "paper"][:rounds]:
        game = services.round_play(game_id=game.pk, move=move, player=None).game
    return game


def test_the_locked_read_gives_the_game_the_orm_gives():
    game = played_game()
    with transaction.atomic():
        locked = rows.game_lock(game_id=game.pk, asker=rows.Asker("trusted"))

    assert locked is not None
    assert every_column(locked) == every_column(Game.objects.get(pk=game.pk))
    assert isinstance(locked.player_score, Decimal)
    assert len(locked.record) == 5  # JSON decoded as the ORM decodes it
    assert not locked._state.adding


def test_the_insert_stores_what_the_orm_reads_back():
    game = played_game(rounds=3)
    with transaction.atomic():
        stored = round_like(
            game,
            round_no=4,
            bot_move="paper",
            result="lose",
            player_delta=Decimal("0"),
            bot_delta=Decimal("2.0"),
            player_score_after=Decimal("0"),
            bot_score_after=Decimal("9.0"),
            prob_rock=0.25,
            prob_paper=0.5,
            prob_scissors=0.25,
            prediction_source="model",
            serving_ms=1.25,
            reading=[["habit", 0.75]],
        )
        rows.round_insert(played=stored)
        read_back = Round.objects.get(pk=stored.pk)
        transaction.set_rollback(True)  # the game's scores were not updated to match

    assert stored.pk is not None and stored.created_at is not None
    assert every_column(read_back) == every_column(stored)


def test_the_update_writes_only_the_fields_named_and_stamps_the_time():
    game = played_game(rounds=2)
    before = Game.objects.get(pk=game.pk)
    with transaction.atomic():
        locked = rows.game_lock(game_id=game.pk, asker=rows.Asker("trusted"))
        assert locked is not None
        locked.model_carry = {"weights": [0.5, 0.5]}
        locked.opening = "not written"
        rows.game_update(game=locked, fields=["model_carry", "updated_at"])
    after = Game.objects.get(pk=game.pk)

    assert after.model_carry == {"weights": [0.5, 0.5]}
    assert after.opening == before.opening
    assert after.updated_at > before.updated_at
    assert model_to_dict(after, exclude=["model_carry"]) == model_to_dict(
        before, exclude=["model_carry"]
    )


def test_the_update_refuses_a_name_that_is_no_column():
    game = played_game(rounds=1)
    with transaction.atomic(), pytest.raises(ValueError, match="not columns of a game"):
        rows.game_update(game=game, fields=["player_score", "rounds"])


def lock(game: Game, asker: rows.Asker) -> Game | None:
    with transaction.atomic():
        return rows.game_lock(game_id=game.pk, asker=asker)


def test_the_locked_read_lets_only_its_asker_play():
    owner, stranger = PlayerFactory(), PlayerFactory()
    game = start_game(player=owner)

    assert lock(game, rows.Asker("player", owner.pk)) is not None
    assert lock(game, rows.Asker("player", stranger.pk)) is None
    assert lock(game, rows.Asker("session", owner.session_id)) is not None
    assert lock(game, rows.Asker("session", stranger.session_id)) is None
    assert lock(game, rows.Asker("trusted")) is not None


def test_a_client_naming_the_game_alone_is_refused_browser_and_account_games():
    api_game = start_game(player=PlayerFactory(source="api"))
    browser_game = start_game(player=PlayerFactory(source="web"))
    user = get_user_model().objects.create_user("someone", password="x" * 12)
    account_game = start_game(player=PlayerFactory(source="api", user=user))

    assert lock(api_game, rows.Asker("anonymous")) is not None
    assert lock(browser_game, rows.Asker("anonymous")) is None
    assert lock(account_game, rows.Asker("anonymous")) is None


def test_an_id_past_any_column_is_no_game():
    assert lock(start_game(), rows.Asker("trusted")) is not None  # the lock itself works
    with transaction.atomic():
        assert rows.game_lock(game_id=2**80, asker=rows.Asker("trusted")) is None


def test_the_lock_is_refused_outside_a_transaction():
    game = start_game()
    with pytest.raises(TransactionManagementError):
        rows.game_lock(game_id=game.pk, asker=rows.Asker("trusted"))
