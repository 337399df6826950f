"""Every player-owned route of the permissions table, asked by a stranger about someone else's
game: refused with 403 and nothing written, or answered with the stranger's own data only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from rest_framework.test import APIClient

from games.models import Game, Round
from rpsweb.permissions_table import PERMISSIONS, Permission

pytestmark = pytest.mark.django_db


def api_game(client: APIClient, name: str = "Owner") -> Game:
    response = client.post("/api/v1/games/", {"policy": "forrest", "player_name": name})
    assert response.status_code == 201
    return Game.objects.get(pk=response.json()["id"])


def web_game(client: Client, name: str = "Owner") -> Game:
    client.post("/", {"policy": "forrest", "difficulty_mode": "standard", "player_name": name})
    return Game.objects.filter(player__name=name).latest("pk")


def stranger_reads_game(game: Game, stranger: APIClient) -> bool:
    return stranger.get(f"/api/v1/games/{game.pk}/").status_code == 403


def stranger_plays_game(game: Game, stranger: APIClient) -> bool:
    response = stranger.post(
        f"/api/v1/games/{game.pk}/rounds/", {"move": "rock", "round": 1}, format="json"
    )
    return response.status_code == 403 and not Round.objects.filter(game=game).exists()


def stranger_lists_games(game: Game, stranger: APIClient) -> bool:
    api_game(stranger, name="Stranger")
    listed = [row["id"] for row in stranger.get("/api/v1/games/").json()["results"]]
    return game.pk not in listed and len(listed) == 1


def stranger_reads_stats(game: Game, stranger: APIClient) -> bool:
    return stranger.get("/api/v1/players/me/stats/").json()["games"] == 0


def stranger_plays_compat(game: Game, stranger: APIClient) -> bool:
    response = stranger.post("/play", {"game_id": game.pk, "user_move": "rock"}, format="json")
    return response.status_code == 403 and not Round.objects.filter(game=game).exists()


def stranger_sees_play_page(game: Game, stranger: APIClient) -> bool:
    return stranger.get(f"/play/{game.pk}/").status_code == 403


def stranger_moves_on_page(game: Game, stranger: APIClient) -> bool:
    response = stranger.post(f"/play/{game.pk}/move/", {"move": "rock", "round_no": 1})
    return response.status_code == 403 and not Round.objects.filter(game=game).exists()


def stranger_lists_web_games(game: Game, stranger: APIClient) -> bool:
    page = stranger.get("/games/").content.decode()
    return f"/play/{game.pk}/" not in page


CHECKS: dict[str, Callable[[Game, APIClient], bool]] = {
    "api/v1/games/": stranger_lists_games,
    "api/v1/games/<int:game_id>/": stranger_reads_game,
    "api/v1/games/<int:game_id>/rounds/": stranger_plays_game,
    "api/v1/players/me/stats/": stranger_reads_stats,
    "play": stranger_plays_compat,
    "play/<int:game_id>/": stranger_sees_play_page,
    "play/<int:game_id>/move/": stranger_moves_on_page,
    "games/": stranger_lists_web_games,
}


def test_every_player_owned_route_has_a_stranger_check():
    owned = sorted(
        r for r, rule in PERMISSIONS.items() if rule.permission == Permission.PLAYER_OWNED
    )

    assert sorted(CHECKS) == owned


@pytest.mark.parametrize("route", sorted(CHECKS))
@pytest.mark.parametrize("owner_kind", ["browser", "token"])
def test_a_stranger_cannot_reach_another_players_game(route, owner_kind, credentials):
    if owner_kind == "browser":
        game = web_game(Client())
    else:
        game = api_game(credentials["player token"].client())
    assert (game.player.user_id is not None) == (owner_kind == "token")

    refused = CHECKS[route](game, APIClient())

    assert refused


def test_the_owner_and_an_analyst_do_reach_the_game(credentials):
    owner = credentials["player token"].client()
    game = api_game(owner)

    played = owner.post(
        f"/api/v1/games/{game.pk}/rounds/", {"move": "rock", "round": 1}, format="json"
    )
    read = credentials["analyst token"].client().get(f"/api/v1/games/{game.pk}/")

    assert played.status_code == 201
    assert read.status_code == 200
    assert [r["round_no"] for r in read.json()["rounds"]] == [1]


def test_a_stranger_with_a_token_of_their_own_is_refused_too(credentials):
    game = api_game(credentials["player token"].client())
    stranger = credentials["operator token"].client()

    assert stranger_reads_game(game, stranger)
    assert stranger_plays_game(game, stranger)


def test_original_clients_still_play_their_games_by_id_alone():
    client = APIClient()
    game_id = client.post("/start_game", {"policy": "forrest"}, format="json").json()["game_id"]

    response = client.post("/play", {"game_id": game_id, "user_move": "rock"}, format="json")

    assert response.status_code == 200
    assert Round.objects.filter(game_id=game_id).count() == 1
