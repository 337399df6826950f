from __future__ import annotations

import pytest
from django.urls import reverse

from core.vocabulary import FAMILY_BY_POLICY

pytestmark = pytest.mark.django_db


def test_it_offers_each_bot_with_its_model_family(client) -> None:
    response = client.get(reverse("pages:home"))

    assert response.status_code == 200
    content = response.content.decode()
    for policy, family in FAMILY_BY_POLICY.items():
        assert f'id="bot-{policy}" value="{policy}"' in content
        assert f"<code>{family}</code>" in content
    for mode in ("standard", "easy"):
        assert f'id="difficulty-{mode}" value="{mode}"' in content


def test_a_play_again_link_preselects_the_bot_and_difficulty(client) -> None:
    response = client.get(reverse("pages:home"), {"policy": "logan", "difficulty_mode": "easy"})

    content = response.content.decode()
    assert 'id="bot-logan" value="logan" checked' in content
    assert 'id="bot-brian" value="brian" checked' not in content
    assert 'id="difficulty-easy" value="easy" checked' in content


def test_the_navigation_links_every_section(client) -> None:
    content = client.get(reverse("pages:home")).content.decode()

    for href in (
        reverse("pages:home"),
        reverse("pages:my_games"),
        reverse("pages:leaderboard"),
        "/api/v1/docs/",
        reverse("admin:index"),
    ):
        assert f'href="{href}"' in content
