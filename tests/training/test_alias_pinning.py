"""A game is pinned to the version its alias held when it started."""

import pytest

from games import services as play
from games.models import Round
from tests.factories import start_game
from training import serving
from training.models import AliasChangeReason
from training.registry import services

pytestmark = pytest.mark.django_db


def test_a_game_keeps_its_model_when_the_alias_moves_mid_game(registered_version, settings):
    settings.ENABLE_AB_TESTING = False
    v1 = registered_version()
    v2 = registered_version()
    services.aliases_move(
        family="mnlogit", moves={"Production": v1}, reason=AliasChangeReason.BOOTSTRAP, actor="t"
    )
    game = start_game(policy="logan")
    for move in ["rock"] * 5:
        play.round_play(game_id=game.pk, move=move, player=None)

    services.aliases_move(
        family="mnlogit",
        moves={"Production": v2},
        reason=AliasChangeReason.MANUAL_PROMOTE,
        actor="t",
    )
    for move in ["paper"] * 3:
        play.round_play(game_id=game.pk, move=move, player=None)
    newer = start_game(policy="logan")

    game.refresh_from_db()
    assert game.model_version == str(v1.version)
    assert newer.model_version == str(v2.version)
    ml_rounds = Round.objects.filter(game=game, is_gambit=False)
    assert ml_rounds.count() == 5
    assert set(ml_rounds.values_list("prediction_source", flat=True)) == {"model"}


def test_games_split_between_production_and_b(registered_version, settings):
    settings.ENABLE_AB_TESTING = True
    settings.AB_B_SHARE = 0.5
    services.aliases_move(
        family="mnlogit",
        moves={"Production": registered_version(), "B": registered_version()},
        reason=AliasChangeReason.BOOTSTRAP,
        actor="t",
    )

    games = [start_game(policy="logan") for _ in range(40)]

    aliases = [g.model_alias for g in games]
    assert 8 < aliases.count("B") < 32
    for game in games:
        assert game.model_alias == serving.assign_alias(family="mnlogit", game_id=game.pk)


def test_without_a_b_version_every_game_is_productions(registered_version, settings):
    settings.ENABLE_AB_TESTING = True
    v1 = registered_version()
    services.aliases_move(
        family="mnlogit", moves={"Production": v1}, reason=AliasChangeReason.BOOTSTRAP, actor="t"
    )

    games = [start_game(policy="logan") for _ in range(10)]

    assert {(g.model_alias, g.model_version) for g in games} == {("Production", str(v1.version))}


def test_before_any_model_exists_the_frequency_baseline_answers():
    game = start_game(policy="brian")
    for move in ["rock"] * 4:
        play.round_play(game_id=game.pk, move=move, player=None)

    assert game.model_version == ""
    assert Round.objects.get(game=game, round_no=4).prediction_source == "frequency"
