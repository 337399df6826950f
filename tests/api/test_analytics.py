"""Leaderboard, bot win rates and the rounds export honour METRICS_SINCE_DATE and the shared
player filter, so every page and client sees the same numbers."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from games.models import Game, PlayerKind
from tests.factories import PlayerFactory, finished_game, play_game

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst() -> APIClient:
    user = User.objects.create_user("ana", password="pw-not-used")
    user.user_permissions.add(Permission.objects.get(codename="view_round"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_scripted_and_simulation_players_never_reach_the_leaderboard(api_client):
    human = finished_game(player=PlayerFactory(name="hannah"))
    finished_game(player=PlayerFactory(name="Ace", kind=PlayerKind.SCRIPTED, session_id=None))
    finished_game(player=PlayerFactory(name="sim-1", kind=PlayerKind.SIMULATION))
    finished_game(player=PlayerFactory(name="tester"), is_test=True)

    rows = api_client.get("/api/v1/leaderboard/").json()

    assert [r["player_name"] for r in rows] == [human.player.name]


def test_games_before_metrics_since_date_are_left_out(api_client, settings):
    old = finished_game(player=PlayerFactory(name="old"))
    Game.objects.filter(pk=old.pk).update(started_at=timezone.now() - timedelta(days=30))
    finished_game(player=PlayerFactory(name="new"))
    settings.METRICS_SINCE_DATE = (timezone.now() - timedelta(days=1)).isoformat()

    names = [r["player_name"] for r in api_client.get("/api/v1/leaderboard/").json()]
    rates = api_client.get("/api/v1/bot-win-rates/").json()

    assert names == ["new"]
    assert sum(r["games"] for r in rates) == 1


def test_bot_win_rates_count_bot_wins_per_policy(api_client):
    games = [finished_game(policy=p) for p in ["forrest", "forrest", "brian"]]

    rows = {r["policy"]: r for r in api_client.get("/api/v1/bot-win-rates/").json()}

    forrest_bot_wins = sum(g.winner == "bot" for g in games if g.policy == "forrest")
    assert rows["forrest"]["games"] == 2
    assert rows["forrest"]["bot_wins"] == forrest_bot_wins
    assert rows["forrest"]["bot_win_rate"] == forrest_bot_wins / 2
    assert rows["brian"]["games"] == 1


def test_bot_win_rates_group_by_alias_and_difficulty(api_client):
    finished_game(policy="logan_easy")

    by_alias = api_client.get("/api/v1/bot-win-rates/?group_by=alias").json()
    by_mode = api_client.get("/api/v1/bot-win-rates/?group_by=difficulty").json()

    assert by_alias[0]["model_alias"] in {"Production", "B"}
    assert by_mode[0]["difficulty_mode"] == "easy"
    assert api_client.get("/api/v1/bot-win-rates/?group_by=color").status_code == 400


def test_the_rounds_export_needs_an_analyst(api_client):
    assert api_client.get("/api/v1/rounds/").status_code in {401, 403}


def test_the_rounds_export_filters_and_paginates(analyst):
    forrest = finished_game(policy="forrest")
    finished_game(policy="brian")

    page = analyst.get("/api/v1/rounds/?policy=forrest&limit=5").json()
    everything = analyst.get("/api/v1/rounds/?family=xgboost&limit=1000").json()

    assert len(page["results"]) == 5
    assert page["previous"] is None and "count" not in page
    assert {r["game_id"] for r in everything["results"]} == {forrest.pk}
    assert [r["round_no"] for r in everything["results"]] == list(
        range(1, forrest.rounds_played + 1)
    )
    assert everything["next"] is None


def test_following_next_walks_the_whole_export_once(analyst):
    game = finished_game(policy="forrest")
    seen: list[int] = []
    url: str | None = "/api/v1/rounds/?limit=4"
    while url:
        page = analyst.get(url).json()
        assert len(page["results"]) <= 4
        seen += [r["round_no"] for r in page["results"]]
        url = page["next"]

    assert seen == list(range(1, game.rounds_played + 1))


def test_the_rounds_export_leaves_out_scripted_games_unless_asked(analyst):
    scripted = PlayerFactory(name="Bob", kind=PlayerKind.SCRIPTED, session_id=None)
    game = finished_game(player=scripted)

    default = analyst.get("/api/v1/rounds/").json()
    included = analyst.get("/api/v1/rounds/?include_simulated=true").json()

    assert default["results"] == []
    assert len(included["results"]) == game.rounds_played
    assert analyst.get("/api/v1/rounds/?since=yesterday").status_code == 400


def test_my_stats_count_my_games(api_client):
    game_id = api_client.post("/api/v1/games/", {"policy": "forrest"}, format="json").json()["id"]
    play_game(Game.objects.get(pk=game_id))

    stats = api_client.get("/api/v1/players/me/stats/").json()

    assert stats["games"] == 1
    assert stats["finished"] == 1
    assert stats["wins"] + stats["losses"] + stats["ties"] == 1
    assert stats["rounds"] == Game.objects.get(pk=game_id).rounds_played


def test_stats_of_a_newcomer_are_zero(api_client):
    assert api_client.get("/api/v1/players/me/stats/").json()["games"] == 0
