from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings

from games.engine.history import DifficultyMode, GameHistory
from games.engine.moves import Move, Result
from games.engine.opponents import scripted_move
from games.engine.round_values import RoundValues
from games.engine.scoring import RoundScore, winner_of
from games.models import Game, GameStatus, PlayerKind
from games.simulation import simulation_run

pytestmark = pytest.mark.django_db


def _history_before_each_round(game: Game) -> list[tuple[GameHistory, RoundValues, Move]]:
    """Replays the stored rounds: the history the opponent saw, the values, the move it made."""
    history = GameHistory(
        target=float(game.target_points), difficulty_mode=DifficultyMode(game.difficulty_mode)
    )
    seen = []
    for stored in game.rounds.order_by("round_no"):
        values = RoundValues(
            float(stored.value_rock), float(stored.value_paper), float(stored.value_scissors)
        )
        move = Move(stored.player_move)
        seen.append((history, values, move))
        score = RoundScore(
            Result(stored.result), float(stored.player_delta), float(stored.bot_delta)
        )
        history = history.after(move, Move(stored.bot_move), values, score)
    return seen


def test_every_simulated_game_is_finished_and_its_scores_are_the_sum_of_its_rounds():
    summary = simulation_run(opponent="Ace", policy="forrest", count=3)

    assert summary.games == 3
    games = list(Game.objects.filter(pk__in=summary.game_ids).select_related("player"))
    assert len(games) == 3
    for game in games:
        rounds = list(game.rounds.order_by("round_no"))
        assert game.status == GameStatus.FINISHED
        assert game.player.name == "Ace"
        assert game.player.kind == PlayerKind.SCRIPTED
        assert game.policy == "forrest"
        assert [r.round_no for r in rounds] == list(range(1, game.rounds_played + 1))
        assert game.player_score == sum((r.player_delta for r in rounds), Decimal(0))
        assert game.bot_score == sum((r.bot_delta for r in rounds), Decimal(0))
        assert max(game.player_score, game.bot_score) >= game.target_points
        expected = winner_of(
            float(game.player_score), float(game.bot_score), float(game.target_points)
        )
        assert game.winner == expected


def test_the_summary_counts_what_the_database_holds():
    summary = simulation_run(opponent="Fox", policy="logan", count=4)

    games = Game.objects.filter(pk__in=summary.game_ids)
    assert summary.rounds == sum(game.rounds_played for game in games)
    assert summary.bot_wins == games.filter(winner="bot").count()
    assert summary.player_wins == games.filter(winner="user").count()
    assert summary.ties == games.filter(winner="tie").count()
    assert summary.bot_wins + summary.player_wins + summary.ties == 4
    assert summary.seconds > 0


def test_every_move_of_the_player_side_is_the_scripted_opponents_choice():
    summary = simulation_run(opponent="Dan", policy="brian", count=2)

    for game in Game.objects.filter(pk__in=summary.game_ids):
        for history, values, move in _history_before_each_round(game):
            assert move == scripted_move(
                "Dan", history, values, game_id=game.pk, noise=settings.SCRIPTED_NOISE
            )


def test_all_games_of_one_opponent_share_its_single_scripted_player():
    first = simulation_run(opponent="Hal", policy="brian", count=2)
    second = simulation_run(opponent="Hal", policy="logan", count=1)

    players = set(
        Game.objects.filter(pk__in=first.game_ids + second.game_ids).values_list(
            "player_id", flat=True
        )
    )
    assert len(players) == 1


def test_progress_is_reported_after_each_game():
    calls: list[tuple[int, int]] = []

    simulation_run(
        opponent="Bob", policy="forrest", count=3, progress=lambda d, n: calls.append((d, n))
    )

    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_easy_mode_and_test_flag_reach_the_games():
    summary = simulation_run(
        opponent="Cal", policy="logan", count=2, difficulty_mode="easy", is_test=True
    )

    games = Game.objects.filter(pk__in=summary.game_ids)
    assert {(g.difficulty_mode, g.is_test) for g in games} == {("easy", True)}
