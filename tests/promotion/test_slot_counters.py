"""Slot counters are counted in the database, in the transaction that finishes a game."""

import pytest
from django.db import transaction

from promotion.counters import slot_totals
from promotion.models import SlotCounter, VersionSlotCounter
from tests.factories import PlayerFactory, finished_game, play_game, start_game

pytestmark = pytest.mark.django_db


def test_a_finished_game_counts_for_the_slot_it_started_in():
    games = [finished_game(policy="forrest") for _ in range(6)]

    totals = slot_totals(family="xgboost")

    for slot in ("Production", "B"):
        mine = [g for g in games if g.model_alias == slot]
        assert totals[slot].games == len(mine)
        assert totals[slot].bot_wins == sum(g.winner == "bot" for g in mine)
        assert totals[slot].losses == sum(g.winner == "user" for g in mine)
    assert sum(t.games for t in totals.values()) == 6
    assert sum(v.games for v in VersionSlotCounter.objects.all()) == 6


def test_counters_keep_difficulties_apart():
    easy = finished_game(policy="forrest_easy")

    row = SlotCounter.objects.get(family="xgboost", slot=easy.model_alias)
    assert (row.difficulty, row.games) == ("easy", 1)


def test_test_games_and_unfinished_games_do_not_count():
    finished_game(policy="logan", is_test=True)
    start_game(policy="logan", player=PlayerFactory())

    assert not SlotCounter.objects.exists()


def test_a_game_whose_last_round_rolls_back_is_not_counted():
    game = start_game(policy="brian")
    with pytest.raises(RuntimeError), transaction.atomic():
        play_game(game)
        raise RuntimeError("the request failed after the last round")

    assert not SlotCounter.objects.exists()
