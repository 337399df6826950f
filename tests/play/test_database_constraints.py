"""The database refuses unsound rows even when code forgets to check."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, InternalError, transaction

from games.models import Game, GameStatus, Round
from tests.factories import finished_game, start_game

pytestmark = pytest.mark.django_db

REFUSED = (IntegrityError, InternalError)


def round_like(game: Game, **overrides) -> Round:
    fields = dict(
        game=game,
        round_no=1,
        player_move="rock",
        bot_move="scissors",
        result="win",
        value_rock=Decimal("1.5"),
        value_paper=Decimal("1.0"),
        value_scissors=Decimal("2.0"),
        player_delta=Decimal("1.5"),
        bot_delta=Decimal("0"),
        player_score_after=Decimal("1.5"),
        bot_score_after=Decimal("0"),
    )
    fields.update(overrides)
    return Round(**fields)


def test_a_second_round_with_the_same_number_is_refused():
    game = finished_game()

    with pytest.raises(REFUSED), transaction.atomic():
        round_like(game, round_no=1).save()


def test_points_that_do_not_match_the_result_are_refused():
    game = start_game()

    with pytest.raises(REFUSED), transaction.atomic():
        round_like(game, result="draw").save()


def test_a_game_score_that_is_not_the_sum_of_its_rounds_is_refused():
    game = finished_game()

    with pytest.raises(REFUSED), transaction.atomic():
        Game.objects.filter(pk=game.pk).update(player_score=game.player_score + 1)


def test_a_finished_game_needs_a_winner():
    game = finished_game()

    with pytest.raises(REFUSED), transaction.atomic():
        Game.objects.filter(pk=game.pk).update(winner=None)


def test_an_active_game_cannot_be_past_the_target():
    game = start_game()

    with pytest.raises(REFUSED), transaction.atomic():
        Game.objects.filter(pk=game.pk).update(status=GameStatus.ACTIVE, target_points=0)
