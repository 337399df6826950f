"""The database refuses unsound rows even when code forgets to check."""

import pytest
from django.db import IntegrityError, InternalError, transaction

from games.models import Game, GameStatus
from tests.factories import finished_game, round_like, start_game

pytestmark = pytest.mark.django_db

REFUSED = (IntegrityError, InternalError)


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
