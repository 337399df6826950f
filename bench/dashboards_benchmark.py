"""Dashboards benchmark: how long each dashboard page takes to render as the rounds table grows,
and how many queries it sends (a page that loops over rows in Python shows up as a growing time
or a growing query count).

    .venv/bin/python bench/dashboards_benchmark.py            # 10k and 1M rounds
    .venv/bin/python bench/dashboards_benchmark.py --quick    # 10k and 100k, a smoke run

DATABASE_URL must name a PostgreSQL database (default: rpsweb_bench_dashboards on 127.0.0.1,
created when missing and emptied at every start). The data: finished games (20 rounds each)
dealt to people, scripted opponents and simulations, the slot counters they imply, tiny
registered versions at every alias, and a quarter's worth of promotion history per family (a
cycle every 30 minutes: 4,320 events, a swap every 40 cycles and a re-ranking every 7) with its
alias changes. The events stay the same at every size, so what grows is the rounds.

Each page is rendered in-process through Django's test client (the whole view, template and
figure serialisation; no network), once to warm up and then ``--runs`` times.

Exit status 1 when a page does not answer 200.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.seeded_db import (  # noqa: E402
    FAMILIES,
    ROUNDS_PER_GAME,
    database_name,
    fill_to,
    fresh_database,
    percentile,
    print_provenance,
    register_versions,
    run_in_scratch,
    seeded_arguments,
    setup_django,
)
from bench.summary import record  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/rpsweb_bench_dashboards"
SIZES = (10_000, 1_000_000)
QUICK_SIZES = (10_000, 100_000)
CYCLES_PER_FAMILY = 4_320  # 90 days, one cycle every 30 minutes
SWAP_EVERY = 40
REORDER_EVERY = 7


def make_players() -> list[int]:
    """Players of every kind, so analytics pages have people and scripts to tell apart."""
    from games.models import Player, PlayerKind

    players = [Player.objects.create(name=f"person-{i}", kind=PlayerKind.HUMAN) for i in range(6)]
    players += [
        Player.objects.create(name=f"{name}-bench", kind=PlayerKind.SCRIPTED)
        for name in ("Ace", "Bob", "Cal")
    ]
    players.append(Player.objects.create(name="bench-sim", kind=PlayerKind.SIMULATION))
    return [player.pk for player in players]


def promotion_history() -> int:
    """A quarter of cycles per family, written in bulk: realistic counters that grow, a swap
    every SWAP_EVERY cycles (with its alias changes) and a re-ranking every REORDER_EVERY."""
    from promotion.models import Decision, Method, PromotionEvent, Source
    from training.models import AliasChange, AliasChangeReason
    from training.registry.selectors import alias_map

    start = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=30 * CYCLES_PER_FAMILY)
    events: list[PromotionEvent] = []
    changes: list[AliasChange] = []
    for family in FAMILIES:
        holders = alias_map(family=family)
        production, b = holders["Production"], holders["B"]
        base_p = base_pw = base_b = base_bw = 0
        since_swap = 0
        for cycle in range(1, CYCLES_PER_FAMILY + 1):
            at = start + dt.timedelta(minutes=30 * cycle)
            total_p, total_b = 3 * cycle, 3 * cycle + cycle % 5
            wins_p, wins_b = (2 * total_p) // 3, (2 * total_b) // 3 + (cycle % 3 == 0)
            swap = cycle % SWAP_EVERY == 0
            since_swap += 1
            decision = (
                Decision.SWAP
                if swap
                else Decision.INSUFFICIENT
                if cycle % 11 == 0
                else Decision.RETAIN
            )
            events.append(
                PromotionEvent(
                    created_at=at,
                    family=family,
                    decision=decision,
                    method=Method.SEQUENTIAL,
                    alpha=0.05,
                    z_statistic=0.4,
                    p_value=0.69,
                    always_valid_p_value=max(0.01, 1.0 / since_swap),
                    e_value=float(since_swap),
                    production_wins=wins_p,
                    production_total_games=total_p,
                    b_wins=wins_b,
                    b_total_games=total_b,
                    production_games_since_swap=total_p - base_p,
                    production_wins_since_swap=wins_p - base_pw,
                    b_games_since_swap=total_b - base_b,
                    b_wins_since_swap=wins_b - base_bw,
                    promotion_cycles_since_swap=since_swap,
                    reorder_applied=cycle % REORDER_EVERY == 0,
                    alias_rankings=["shadow1", "shadow2"],
                    alias_accuracies={"Production": 0.61, "B": 0.6, "shadow1": 0.58},
                    assignments_before={"Production": production.version, "B": b.version},
                    assignments_after={"Production": production.version, "B": b.version},
                    reason="benchmark history",
                    source=Source.SCHEDULE,
                )
            )
            if swap:
                base_p, base_pw, base_b, base_bw = total_p, wins_p, total_b, wins_b
                since_swap = 0
                for alias, before, after in (("Production", production, b), ("B", b, production)):
                    changes.append(
                        AliasChange(
                            family=family,
                            alias=alias,
                            from_version=before,
                            to_version=after,
                            reason=AliasChangeReason.CYCLE_SWAP,
                            actor="system:bench",
                            created_at=at,
                        )
                    )
                production, b = b, production
    # auto_now_add overwrites the times on insert; bulk_update puts the quarter back in place.
    stamped = [(event, event.created_at) for event in events]
    PromotionEvent.objects.bulk_create(events, batch_size=2_000)
    for event, at in stamped:
        event.created_at = at
    PromotionEvent.objects.bulk_update(events, ["created_at"], batch_size=2_000)
    stamped_changes = [(change, change.created_at) for change in changes]
    AliasChange.objects.bulk_create(changes)
    for change, at in stamped_changes:
        change.created_at = at
    AliasChange.objects.bulk_update(changes, ["created_at"])
    return len(events)


def pages() -> list[tuple[str, str]]:
    from django.urls import reverse

    from promotion.models import PromotionEvent

    event = PromotionEvent.objects.order_by("-pk").first()
    assert event is not None
    family = "xgboost"
    return [
        ("index", reverse("dashboards:index")),
        ("overview", reverse("dashboards:overview", args=[family])),
        ("tickers", reverse("dashboards:tickers", args=[family])),
        ("evidence", reverse("dashboards:evidence", args=[family])),
        ("replay", reverse("dashboards:replay", args=[family])),
        ("decisions", reverse("dashboards:decisions")),
        ("decisions, filtered", reverse("dashboards:decisions") + f"?family={family}"),
        ("event", reverse("dashboards:event", args=[event.pk])),
        ("aliases", reverse("dashboards:aliases", args=[family])),
        ("models", reverse("dashboards:models", args=[family])),
        ("gameplay", reverse("dashboards:gameplay")),
    ]


def time_page(path: str, runs: int) -> tuple[list[float], int, int, int]:
    """Milliseconds per render, queries per render, response bytes, and the status."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.get(path)  # warm-up: templates compiled, caches filled
    milliseconds: list[float] = []
    status = size = queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            milliseconds.append((time.perf_counter() - started) * 1000)
        status, size, queries = response.status_code, len(response.content), len(captured)
    return milliseconds, queries, size, status


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    return seeded_arguments(
        argv,
        doc=__doc__ or "",
        quick_help="10k and 100k rounds only",
        repeats_help="timed renders per page and size",
        repeats=7,
    )


def run(args: argparse.Namespace, store: Path) -> int:
    import os

    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    fresh_database(url)
    setup_django(url, store)
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    print_provenance("dashboards", "promotion", "training", "games")
    print(f"database {database_name(url)}; {args.runs} timed renders per page after a warm-up")
    register_versions(store)
    players = make_players()
    started = time.perf_counter()
    events = promotion_history()
    print(f"wrote {events:,} promotion events in {time.perf_counter() - started:.1f} s")

    sizes = QUICK_SIZES if args.quick else SIZES
    medians: dict[tuple[int, str], float] = {}
    rows: list[tuple[int, str, float, float, int, int]] = []
    bad: list[str] = []
    for rounds in sizes:
        seconds = fill_to(rounds, players)
        print(
            f"filled to {rounds:,} rounds ({rounds // ROUNDS_PER_GAME:,} games) in {seconds:.1f} s"
        )
        for name, path in pages():
            ms, queries, size, status = time_page(path, args.runs)
            if status != 200:
                bad.append(f"{rounds:,} rounds: {path} answered {status}")
            medians[(rounds, name)] = statistics.median(ms)
            rows.append((rounds, name, statistics.median(ms), percentile(ms, 0.9), queries, size))

    print()
    print("| rounds in DB | page | median ms | p90 ms | queries | KiB |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    for rounds, name, median_ms, p90_ms, queries, size in rows:
        print(
            f"| {rounds:,} | {name} | {median_ms:.1f} | {p90_ms:.1f} | {queries} "
            f"| {size / 1024:.0f} |"
        )
    small, large = sizes
    print()
    print(f"| page | median at {large:,} / at {small:,} rounds |")
    print("| --- | ---: |")
    for name, _ in pages():
        print(f"| {name} | {medians[(large, name)] / medians[(small, name)]:.2f} |")
        record(
            f"dashboard {name}, median ms at {large:,} rounds",
            medians[(large, name)],
            unit="ms",
            baseline=medians[(small, name)],
            baseline_name=f"at {small:,} rounds",
        )
    if bad:
        print("\nFAILED:", file=sys.stderr)
        for line in bad:
            print(f"  {line}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    return run_in_scratch("dashboards", run, parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
