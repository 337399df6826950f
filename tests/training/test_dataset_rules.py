from datetime import timedelta

import numpy as np
import pytest
from django.utils import timezone

from games.engine.features import feature_rows_for_game
from games.models import Game, PlayerKind
from tests.factories import PlayerFactory, finished_game, start_game
from training.learning.dataset import dataset_build

pytestmark = pytest.mark.django_db


def scripted(name: str = "Ace"):
    return PlayerFactory(name=name, kind=PlayerKind.SCRIPTED, session_id=None)


def test_gambit_rounds_are_not_rows_and_rows_match_the_stateless_builder():
    game = finished_game(player=PlayerFactory())

    data = dataset_build(stride=1)

    rounds = list(game.rounds.order_by("round_no"))
    expected = feature_rows_for_game(
        [r.player_move for r in rounds],
        [r.bot_move for r in rounds],
        [(float(r.value_rock), float(r.value_paper), float(r.value_scissors)) for r in rounds],
        target=float(game.target_points),
        difficulty_mode=game.difficulty_mode,
    )[3:]
    assert len(data) == game.rounds_played - 3
    assert data.round_no.min() == 4
    assert np.allclose(data.X, expected.astype(np.float32))
    assert list(data.y) == [("rock", "paper", "scissors").index(r.player_move) for r in rounds[3:]]


def test_scripted_games_are_kept_one_in_stride_by_game_and_people_always():
    player = scripted()
    legacy = [finished_game(player=player) for _ in range(9)]
    people = [finished_game(player=PlayerFactory()) for _ in range(3)]

    data = dataset_build(stride=3)

    kept = set(data.game_id.tolist())
    assert kept == {g.pk for g in legacy if g.pk % 3 == 0} | {g.pk for g in people}
    assert data.is_human[np.isin(data.game_id, [g.pk for g in people])].all()


def test_test_games_unfinished_games_and_games_before_the_window_are_left_out(settings):
    old = finished_game()
    Game.objects.filter(pk=old.pk).update(started_at=timezone.now() - timedelta(days=10))
    finished_game(is_test=True)
    start_game()
    recent = finished_game()
    settings.TRAINING_DATA_SINCE_DATE = (timezone.now() - timedelta(days=1)).isoformat()

    data = dataset_build(stride=1)

    assert set(data.game_id.tolist()) == {recent.pk}


def test_games_are_ranked_by_the_time_they_finished():
    games = [finished_game() for _ in range(4)]

    data = dataset_build(stride=1, batch_games=2)

    rank_of = {gid: rank for gid, rank in zip(data.game_id, data.game_rank, strict=True)}
    assert [rank_of[g.pk] for g in games] == [0, 1, 2, 3]


def test_imported_sessions_count_whatever_their_dates_but_held_out_ones_never(settings):
    trained = finished_game(player=PlayerFactory(name="human-rps-1", source="human-rps"))
    held_out = finished_game(player=PlayerFactory(name="human-rps-4", source="human-rps-holdout"))
    long_ago = timezone.now() - timedelta(days=2000)
    Game.objects.filter(pk__in=[trained.pk, held_out.pk]).update(started_at=long_ago)

    included = set(dataset_build(stride=1).game_id.tolist())
    settings.TRAINING_INCLUDE_IMPORTED = False
    excluded = set(dataset_build(stride=1).game_id.tolist())

    assert included == {trained.pk}
    assert excluded == set()
