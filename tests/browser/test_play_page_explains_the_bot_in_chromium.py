"""After each round the play page says what the bot predicted and why it chose its move: the
three probabilities and the expected points of each bot move, the numbers it stored."""

from __future__ import annotations

import re

import pytest

from games.models import Game
from games.selectors import round_explanation

from .chromium import watched_page

pytestmark = pytest.mark.browser


def test_the_page_shows_the_bots_prediction_and_reasoning(live_server) -> None:
    with watched_page(live_server.url) as (page, watch):
        page.goto(f"{live_server.url}/")
        page.check("#bot-forrest")
        page.check("#difficulty-standard")
        page.fill("input[name=player_name]", "Curious Cleo")
        with page.expect_navigation():
            page.click("#start-game")
        game_id = int(re.search(r"/play/(\d+)/$", page.url).group(1))  # type: ignore[union-attr]
        assert page.locator("#bot-thought").count() == 0  # nothing played, nothing to explain

        with page.expect_navigation():
            page.click("#move-rock")
        assert "opening gambit" in page.locator("#bot-thought-summary").inner_text()

        for _ in range(3):
            with page.expect_navigation():
                page.click(".move-button.most-valuable")
        thought = page.locator("#bot-thought")
        assert thought.get_attribute("data-round") == "4"
        summary = page.locator("#bot-thought-summary").inner_text()
        shown = {
            row.get_attribute("data-move"): [
                float(cell) for cell in row.locator("td.num").all_inner_texts()
            ]
            for row in page.locator("#bot-thought-table tbody tr").all()
        }
        played_row = page.locator("#bot-thought-table tr.played").get_attribute("data-move")

    played = Game.objects.get(pk=game_id).rounds.get(round_no=4)
    explained = round_explanation(played=played)
    assert explained is not None
    assert summary == explained.summary
    assert summary.startswith("The bot expected you to play rock ")
    assert f"So it played {played.bot_move}" in summary
    assert played_row == played.bot_move
    stored = {
        "rock": played.prob_rock,
        "paper": played.prob_paper,
        "scissors": played.prob_scissors,
    }
    for move, (probability, points) in shown.items():
        assert probability == pytest.approx(stored[move], abs=0.0051)
        assert points == pytest.approx(explained.expected_points[move], abs=0.0051)
    assert watch.console_errors == []
