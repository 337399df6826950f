"""A whole game in a real browser: Debian's Chromium, driven by Playwright, against the live
server. It proves the pages work end to end (forms, CSRF, redirects, static files) and that the
browser never reaches for another host."""

from __future__ import annotations

import re

import pytest
from django.db.models import Sum

from games.models import Game, GameStatus

from .chromium import screenshot, watched_page

pytestmark = pytest.mark.browser

MAX_CLICKS = 200
WINNER_TEXT = re.compile(r"You won!|Logan won\.|It is a tie\.")


def test_a_player_finishes_a_game_in_chromium(live_server) -> None:
    with watched_page(live_server.url) as (page, watch):
        page.goto(f"{live_server.url}/")
        page.check("#bot-logan")
        page.check("#difficulty-standard")
        page.fill("input[name=player_name]", "Chromium Carla")
        with page.expect_navigation():
            page.click("#start-game")
        match = re.search(r"/play/(\d+)/$", page.url)
        assert match is not None, page.url
        game_id = int(match.group(1))
        assert page.locator("#model-info").inner_text().count("mnlogit") == 1

        clicks = 0
        while page.locator("#result").count() == 0:
            assert clicks < MAX_CLICKS, "the game did not finish"
            # The most valuable move, as an eager player would choose.
            with page.expect_navigation():
                page.click(".move-button.most-valuable")
            clicks += 1

        result = page.locator("#result")
        assert WINNER_TEXT.search(result.inner_text())
        shown_winner = result.get_attribute("data-winner")
        scoreboard = page.locator("#scoreboard")
        player_score = float(scoreboard.get_attribute("data-player-score") or "nan")
        bot_score = float(scoreboard.get_attribute("data-bot-score") or "nan")
        target = float(scoreboard.get_attribute("data-target") or "nan")
        assert max(player_score, bot_score) >= target
        assert int(scoreboard.get_attribute("data-rounds") or "0") == clicks
        screenshot(page, "play")

    game = Game.objects.get(pk=game_id)
    assert game.status == GameStatus.FINISHED
    assert game.winner == shown_winner
    sums = game.rounds.aggregate(player=Sum("player_delta"), bot=Sum("bot_delta"))
    assert (game.player_score, game.bot_score) == (sums["player"], sums["bot"])
    assert float(game.player_score) == player_score
    assert float(game.bot_score) == bot_score
    assert game.rounds.count() == clicks
    assert watch.console_errors == []
    assert watch.foreign_requests == []
