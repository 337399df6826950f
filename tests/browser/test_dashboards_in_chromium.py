"""Every dashboard in Debian's Chromium against the live server, on a populated database: each
page's plots are drawn by our own plotly.js, nothing is logged to the console, no request leaves
localhost. A screenshot of each page is taken; ``make screenshots`` keeps them under
docs/screenshots/ (the README links them)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.dashboards.models.conftest import (  # noqa: F401  (fixture)
    gameplay_world,
    gauntlet_results,
)
from tests.dashboards.promotion.conftest import Ledger, ledger  # noqa: F401  (fixture)

from .chromium import screenshot, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAMILY = "xgboost"
DRAW_TIMEOUT_MS = 20_000


def _pages(swap_event_pk: int) -> list[tuple[str, str, int]]:
    """(screenshot name, path, figures the page must draw)."""
    return [
        ("index", reverse("dashboards:index"), 0),
        ("overview", reverse("dashboards:overview", args=[FAMILY]), 1),
        ("tickers", reverse("dashboards:tickers", args=[FAMILY]), 2),
        ("evidence", reverse("dashboards:evidence", args=[FAMILY]), 2),
        ("replay", reverse("dashboards:replay", args=[FAMILY]), 1),
        ("decisions", reverse("dashboards:decisions") + f"?family={FAMILY}", 1),
        ("event", reverse("dashboards:event", args=[swap_event_pk]), 0),
        ("aliases", reverse("dashboards:aliases", args=[FAMILY]), 1),
        ("models", reverse("dashboards:models", args=[FAMILY]), 6),
        ("gameplay", reverse("dashboards:gameplay"), 5),
    ]


def test_every_dashboard_draws_its_plots_in_chromium(
    live_server,
    gameplay_world,  # noqa: F811  (the fixture)
    ledger: Ledger,  # noqa: F811  (the fixture)
) -> None:
    # The review's ledger with gate results, so the models page has gauntlets to draw.
    for (_family, number), version in ledger.versions.items():
        version.gate_results = gauntlet_results(number, failed=version.gates_passed is False)
        version.save(update_fields=["gate_results"])
    swap = next(event for event in ledger.events.values() if event.decision == "swap_production_b")
    drawn: dict[str, int] = {}
    with watched_page(live_server.url, width=1280, height=900) as (page, watch):
        for name, path, minimum in _pages(swap.pk):
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, path
            page.wait_for_load_state("load")
            if minimum:
                # plotly.js marks a div it has drawn with .js-plotly-plot and fills an svg.
                page.wait_for_function(
                    f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {minimum}",
                    timeout=DRAW_TIMEOUT_MS,
                )
            figures = page.locator(".plotly-graph-div").count()
            drawn[name] = page.locator(".js-plotly-plot").count()
            assert drawn[name] == figures, f"{name}: {drawn[name]} of {figures} figures drawn"
            screenshot(page, f"dashboard-{name}")

        # The overview and the decision history say what the numbers are, not only draw them.
        page.goto(f"{live_server.url}{reverse('dashboards:overview', args=[FAMILY])}")
        newest = max(
            (e for e in ledger.events.values() if e.family == FAMILY), key=lambda e: e.created_at
        )
        assert newest.decision in page.locator("#last-decision").inner_text()
        page.goto(f"{live_server.url}{reverse('dashboards:decisions')}?family={FAMILY}")
        rows = page.locator("#decision-table tbody tr")
        xgboost_events = [e for e in ledger.events.values() if e.family == FAMILY]
        assert rows.count() == len(xgboost_events) > 0  # one page holds the review's events

    assert all(drawn[name] >= minimum for name, _, minimum in _pages(swap.pk))
    assert watch.console_errors == []
    assert watch.foreign_requests == []
