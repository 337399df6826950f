"""Concurrent requests for one game are serialised by the row lock on the game."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from games import services
from games.errors import PlayError
from games.models import Game, Round
from tests.factories import start_game

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8


def run_together(action: Callable[[int], object]) -> list[object]:
    """Run ``action(i)`` in THREADS threads released at the same instant."""
    barrier = threading.Barrier(THREADS)
    results: list[object] = [None] * THREADS

    def worker(i: int) -> None:
        try:
            barrier.wait()
            results[i] = action(i)
        except Exception as error:  # kept and asserted on by the test
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def assert_scores_match_rounds(game: Game) -> None:
    sums = Round.objects.filter(game=game).aggregate(p=Sum("player_delta"), b=Sum("bot_delta"))
    assert game.player_score == (sums["p"] or Decimal(0))
    assert game.bot_score == (sums["b"] or Decimal(0))
    assert game.rounds_played == Round.objects.filter(game=game).count()


def test_many_threads_playing_the_same_round_store_exactly_one():
    game = start_game()

    results = run_together(
        lambda i: services.round_play(game_id=game.pk, move="rock", player=None, round_no=1)
    )

    assert not [r for r in results if isinstance(r, Exception)]
    assert sum(1 for r in results if r.created) == 1
    assert len({r.round.pk for r in results}) == 1
    game.refresh_from_db()
    assert Round.objects.filter(game=game).count() == 1
    assert_scores_match_rounds(game)


def test_threads_playing_next_rounds_get_consecutive_rounds():
    game = start_game()

    results = run_together(
        lambda i: services.round_play(game_id=game.pk, move="paper", player=None)
    )

    played = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert all(isinstance(r, PlayError) for r in refused)  # only "finished", never a crash
    game.refresh_from_db()
    assert sorted(r.round.round_no for r in played) == list(range(1, game.rounds_played + 1))
    assert_scores_match_rounds(game)
