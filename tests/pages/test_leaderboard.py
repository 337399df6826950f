from __future__ import annotations

import re

import pytest
from django.urls import reverse

from games import services
from games.models import PlayerKind
from tests.factories import PlayerFactory, finished_game

pytestmark = pytest.mark.django_db


def test_it_ranks_people_and_leaves_scripted_opponents_out(client) -> None:
    ace = services.player_get_or_create(name="Ace")
    assert ace.kind == PlayerKind.SCRIPTED
    finished_game(player=ace)
    person = PlayerFactory(name="Pat")
    finished_game(player=person)

    content = client.get(reverse("pages:leaderboard")).content.decode()

    assert f'data-player-id="{person.pk}"' in content
    assert f'data-player-id="{ace.pk}"' not in content
    assert "<td>Ace</td>" not in content


def test_player_names_are_escaped(client) -> None:
    finished_game(player=PlayerFactory(name="<script>alert(1)</script>"))

    content = client.get(reverse("pages:leaderboard")).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>alert(1)" not in content


def test_it_shows_each_bots_win_rate_with_its_family(client) -> None:
    game = finished_game(player=PlayerFactory(), policy="logan")

    content = client.get(reverse("pages:leaderboard")).content.decode()

    row = re.search(r'<tr data-policy="logan">(.*?)</tr>', content, re.S)
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    bot_wins = 1 if game.winner == "bot" else 0
    assert cells == [
        "Logan",
        "<code>mnlogit</code>",
        "1",
        str(bot_wins),
        "1" if game.winner == "user" else "0",
        "1" if game.winner == "tie" else "0",
        f"{bot_wins * 100}%",
    ]
