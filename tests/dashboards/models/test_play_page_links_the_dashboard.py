"""The play page names the bot, family, alias and model version the player faces, and links
to that family's dashboard."""

from __future__ import annotations

import re

import pytest
from django.urls import NoReverseMatch, resolve, reverse

from games.models import Game

pytestmark = pytest.mark.django_db


def _family_dashboard(family: str) -> str:
    try:
        return reverse("dashboards:overview", args=[family])
    except NoReverseMatch:
        return reverse("dashboards:models", args=[family])


def test_the_play_page_shows_the_pinned_version_and_links_its_family_dashboard(
    client, model_world
) -> None:
    response = client.post(
        reverse("pages:home"),
        {"policy": "forrest", "difficulty_mode": "standard", "player_name": "Tess"},
    )
    game = Game.objects.get(pk=resolve(response.url).kwargs["game_id"])
    expected_version = {"Production": "2", "B": "3"}[game.model_alias]
    assert game.model_version == expected_version

    page = client.get(reverse("pages:play", args=[game.pk]))

    content = page.content.decode()
    info = content[content.index('id="model-info"') : content.index("</dl>")]
    assert "<dd>forrest</dd>" in info
    assert "<code>xgboost</code>" in info
    assert f"<code>{game.model_alias}</code>" in info
    assert f"<code>{expected_version}</code>" in info
    link = re.search(r'<a href="([^"]+)" id="model-dashboard"', content)
    assert link is not None
    assert link.group(1) == _family_dashboard("xgboost")
    assert client.get(link.group(1)).status_code == 200
