from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import Sum

from games.engine.moves import Move
from games.engine.round_values import deterministic_round_points
from games.engine.scoring import score_round
from games.models import Game, GameStatus, Player, PlayerKind
from training.human.importer import human_sessions_import

pytestmark = pytest.mark.django_db


def test_each_session_becomes_an_imported_human_player_with_its_games(sessions_csv: Path):
    summary = human_sessions_import(path=sessions_csv, game_rounds=4)
    assert (summary.sessions, summary.imported, summary.empty) == (3, 2, 1)
    assert (summary.games, summary.rounds) == (3, 12)
    players = Player.objects.order_by("name")
    assert [(p.name, p.kind, p.source, p.session_id) for p in players] == [
        ("human-rps-1", PlayerKind.HUMAN, "human-rps", None),
        ("human-rps-2", PlayerKind.HUMAN, "human-rps", None),
    ]
    assert [g.player.name for g in Game.objects.order_by("pk")] == [
        "human-rps-1",
        "human-rps-1",
        "human-rps-2",
    ]


def test_imported_games_are_finished_fixed_length_games_under_our_rules(sessions_csv: Path):
    human_sessions_import(path=sessions_csv, game_rounds=4)
    for game in Game.objects.all():
        rounds = list(game.rounds.order_by("round_no"))
        assert [r.round_no for r in rounds] == [1, 2, 3, 4]
        assert [r.is_gambit for r in rounds] == [True, True, True, False]
        assert {r.prediction_source for r in rounds} == {"imported"}
        for r in rounds:
            values = deterministic_round_points(game.pk, r.round_no)
            assert (float(r.value_rock), float(r.value_paper), float(r.value_scissors)) == (
                values.as_tuple()
            )
            score = score_round(Move(r.player_move), Move(r.bot_move), values)
            assert r.result == score.result
            assert float(r.player_delta) == score.player_delta
            assert float(r.bot_delta) == score.bot_delta
        sums = game.rounds.aggregate(player=Sum("player_delta"), bot=Sum("bot_delta"))
        assert (game.player_score, game.bot_score) == (sums["player"], sums["bot"])
        assert (rounds[-1].player_score_after, rounds[-1].bot_score_after) == (
            game.player_score,
            game.bot_score,
        )
        assert game.status == GameStatus.FINISHED
        assert game.rounds_played == 4
        assert game.target_points == Decimal("10.0")  # 2 * 4 rounds + 2
        expected_winner = (
            "user"
            if game.player_score > game.bot_score
            else "bot"
            if game.bot_score > game.player_score
            else "tie"
        )
        assert game.winner == expected_winner
        assert (game.policy, game.family, game.model_alias, game.model_version) == (
            "forrest",
            "xgboost",
            "Production",
            "",
        )
        assert (game.opening, game.difficulty_mode, game.is_test) == ("imported", "standard", False)


def test_games_carry_the_recorded_moves_and_times(sessions_csv: Path):
    human_sessions_import(path=sessions_csv, game_rounds=4)
    second = Game.objects.filter(player__name="human-rps-1").order_by("pk")[1]
    moves = list(second.rounds.order_by("round_no").values_list("player_move", "bot_move"))
    assert moves == [
        ("scissors", "rock"),
        ("scissors", "paper"),
        ("rock", "scissors"),
        ("rock", "paper"),
    ]
    assert second.started_at == datetime.fromtimestamp(1582334739, tz=UTC)
    assert second.finished_at == datetime.fromtimestamp(1582334767, tz=UTC)


def test_the_default_cuts_sessions_into_25_round_games(sessions_csv: Path):
    human_sessions_import(path=sessions_csv)
    games = Game.objects.order_by("pk")
    assert [g.rounds_played for g in games] == [9, 6]
    assert {g.target_points for g in games} == {Decimal("52.0")}
