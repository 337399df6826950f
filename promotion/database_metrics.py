"""The promotion room's metrics read from the database at scrape time: tickers since the last
swap, the slot counters, the latest event and whether it found a sample ratio mismatch. The
roof's /metrics (rpsweb.metrics) registers ``collect``; whichever process decided, every web
replica reports the same rows."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Max
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from core.vocabulary import FAMILIES, PRODUCTION, B

SLOT_LABELS = ["model", "alias", "difficulty"]


def collect() -> Iterator[Metric]:
    yield from _tickers()
    yield from _slot_counters()
    yield from _last_promotion()


def _tickers() -> Iterator[Metric]:
    from promotion.counters import slot_totals
    from promotion.selectors import ticker_snapshot

    since_swap = GaugeMetricFamily(
        "rps_model_games_since_production_swap",
        "Games each slot has played since the family's last Production/B swap.",
        labels=["model", "alias"],
    )
    cycles = GaugeMetricFamily(
        "rps_model_promotion_cycles_since_swap",
        "Promotion cycles since the family's last Production/B swap.",
        labels=["model"],
    )
    for family in FAMILIES:
        snapshot = ticker_snapshot(family=family, totals=slot_totals(family=family))
        since_swap.add_metric([family, PRODUCTION], snapshot.production_since_swap.games)
        since_swap.add_metric([family, B], snapshot.b_since_swap.games)
        cycles.add_metric([family], snapshot.cycles_since_swap)
    yield since_swap
    yield cycles


def _slot_counters() -> Iterator[Metric]:
    """The promotion cycle's own inputs. Never reset, so unlike the process counters of the same
    meaning (rps_model_games_by_alias_total) they hold the whole history and are equal on every
    replica: aggregate them with max(), never sum(), across web instances."""
    from promotion.models import SlotCounter

    games = CounterMetricFamily(
        "rps_model_slot_games", "Finished games per slot, from the database.", labels=SLOT_LABELS
    )
    wins = CounterMetricFamily(
        "rps_model_slot_bot_wins", "Games the bot won per slot, from the database.",
        labels=SLOT_LABELS,
    )  # fmt: skip
    losses = CounterMetricFamily(
        "rps_model_slot_losses", "Games the player won per slot, from the database.",
        labels=SLOT_LABELS,
    )  # fmt: skip
    rows = SlotCounter.objects.values_list("family", "slot", "difficulty", "games", "bot_wins",
                                           "losses")  # fmt: skip
    for family, slot, difficulty, played, won, lost in rows:
        games.add_metric([family, slot, difficulty], played)
        wins.add_metric([family, slot, difficulty], won)
        losses.add_metric([family, slot, difficulty], lost)
    yield games
    yield wins
    yield losses


def _last_promotion() -> Iterator[Metric]:
    from promotion.models import PromotionEvent

    last = GaugeMetricFamily(
        "rps_model_promotion_last_event_timestamp_seconds",
        "When the family's latest promotion event was recorded, by decision (Unix time).",
        labels=["model", "decision"],
    )
    rows = PromotionEvent.objects.values("family", "decision").annotate(at=Max("created_at"))
    for row in rows:
        last.add_metric([row["family"], row["decision"]], row["at"].timestamp())
    yield last
    mismatch = GaugeMetricFamily(
        "rps_model_promotion_srm_mismatch",
        "1 while the family's latest promotion event found a sample ratio mismatch, else 0.",
        labels=["model"],
    )
    for family in FAMILIES:
        flagged = (
            PromotionEvent.objects.filter(family=family)
            .order_by("-created_at", "-pk")
            .values_list("srm_mismatch", flat=True)
            .first()
        )
        mismatch.add_metric([family], float(bool(flagged)))
    yield mismatch
