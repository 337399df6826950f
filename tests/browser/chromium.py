"""Debian's Chromium driven by Playwright, watched: every console error, uncaught page error and
request to another host is recorded, so a test can assert the page is clean and self-contained."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Page, Request, sync_playwright

# Playwright's sync API runs an event loop on this thread, which trips Django's async-safety check.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

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
DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def screenshot(page: Page, name: str) -> Path:
    """A full-page screenshot of ``page``. It replaces the README's picture under
    docs/screenshots/ only when RPSWEB_SCREENSHOTS is set (``make screenshots``); otherwise it
    goes to a temporary folder, so ``make test`` leaves the checkout as it found it."""
    if os.environ.get("RPSWEB_SCREENSHOTS"):
        folder = DOCS_SCREENSHOTS
    else:
        folder = Path(tempfile.gettempdir()) / "rpsweb-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@dataclass
class Watch:
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)


@contextmanager
def watched_page(
    server_url: str, *, width: int = 1100, height: int = 1400
) -> Iterator[tuple[Page, Watch]]:
    server = urlsplit(server_url).netloc
    watch = Watch()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watch.console_errors.append(message.text)

    def on_request(request: Request) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != server:
            watch.foreign_requests.append(request.url)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.on("console", on_console)
            page.on("pageerror", lambda error: watch.console_errors.append(str(error)))
            page.on("request", on_request)
            yield page, watch
        finally:
            browser.close()
