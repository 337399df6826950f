"""A whole game in a real browser: Debian's Chromium, driven by Playwright, against the live
server. It proves the pages work end to end (forms, CSRF, redirects, static files) and that the
browser never reaches for another host."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db.models import Sum
from playwright.sync_api import ConsoleMessage, Request, sync_playwright

from games.models import Game, GameStatus

# Playwright's sync API runs an event loop on this thread, which trips Django's async-safety check.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MAX_CLICKS = 200
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "play.png"
WINNER_TEXT = re.compile(r"You won!|Logan won\.|It is a tie\.")


def test_a_player_finishes_a_game_in_chromium(live_server) -> None:
    server = urlsplit(live_server.url).netloc
    console_errors: list[str] = []
    foreign_requests: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            console_errors.append(message.text)

    def on_request(request: Request) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != server:
            foreign_requests.append(request.url)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1400})
            page.on("console", on_console)
            page.on("pageerror", lambda error: console_errors.append(str(error)))
            page.on("request", on_request)

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
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            browser.close()

    game = Game.objects.get(pk=game_id)
    assert game.status == GameStatus.FINISHED
    assert game.winner == shown_winner
    sums = game.rounds.aggregate(player=Sum("player_delta"), bot=Sum("bot_delta"))
    assert (game.player_score, game.bot_score) == (sums["player"], sums["bot"])
    assert float(game.player_score) == player_score
    assert float(game.bot_score) == bot_score
    assert game.rounds.count() == clicks
    assert console_errors == []
    assert foreign_requests == []
