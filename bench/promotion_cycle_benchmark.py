"""Promotion cycle benchmark: how long one ``cycle_run`` takes per family as the rounds table
grows, and proof that the cycle never scans that table: it reads the slot counters, and the
guardrails read the rounds of each slot's latest games only (a LIMIT on the games).

    .venv/bin/python bench/promotion_cycle_benchmark.py            # 10k and 1M rounds
    .venv/bin/python bench/promotion_cycle_benchmark.py --quick    # 10k and 100k, a smoke run

DATABASE_URL must name a PostgreSQL database (default: rpsweb_bench_cycle on 127.0.0.1, created
when missing and emptied at every start). Four tiny versions per family are registered at the
four aliases in a temporary MLflow store, so the cycle has real assignments to decide about.
Finished games (20 rounds each) are written with set-based SQL, and the slot counters are
filled from them as finishing games would have. Each family's cycle (``dry_run=False``) is
timed after one warm-up; every query it sends is captured.

Exit status 1 when a cycle query names ``games_round`` without a LIMIT, or a cycle fails.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.seeded_db import (  # noqa: E402
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

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/rpsweb_bench_cycle"
SIZES = (10_000, 1_000_000)
QUICK_SIZES = (10_000, 100_000)


# --- measuring --------------------------------------------------------------------------------


def time_family(family: str, runs: int) -> tuple[list[float], list[str], list[str]]:
    """Seconds per timed cycle, the SQL of every cycle (warm-up included), and failures."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from promotion.services import cycle_run

    seconds: list[float] = []
    queries: list[str] = []
    failures: list[str] = []
    for attempt in range(runs + 1):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            report = cycle_run(family=family, dry_run=False, actor="system:bench")
            elapsed = time.perf_counter() - started
        queries.extend(q["sql"] for q in captured.captured_queries)
        if report.failed or report.skipped:
            failures.append(report.summary())
        if attempt:  # the first is the warm-up
            seconds.append(elapsed)
    return seconds, queries, failures


# --- main -------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    return seeded_arguments(
        argv,
        doc=__doc__ or "",
        quick_help="10k and 100k rounds only",
        repeats_help="timed cycles per family and size",
        repeats=7,
    )


def run(args: argparse.Namespace, store: Path) -> int:
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    fresh_database(url)
    setup_django(url, store)
    from games.models import Player, PlayerKind

    print_provenance("promotion", "training", "games")
    print(f"database {database_name(url)}; {args.runs} timed cycles per family after a warm-up")
    started = time.perf_counter()
    register_versions(store)
    print(f"registered 4 versions x 3 families in {time.perf_counter() - started:.1f} s")
    player = Player.objects.create(name="bench-cycle", kind=PlayerKind.SIMULATION)

    sizes = QUICK_SIZES if args.quick else SIZES
    medians: dict[tuple[int, str], float] = {}
    rows: list[tuple[int, str, float, float, int, int]] = []
    bad: list[str] = []
    last_cycle: tuple[str, list[str]] = ("", [])
    for rounds in sizes:
        seconds = fill_to(rounds, [player.pk])
        print(
            f"filled to {rounds:,} rounds ({rounds // ROUNDS_PER_GAME:,} games) in {seconds:.1f} s"
        )
        for family in ("feedforward", "xgboost", "mnlogit"):
            timings, queries, failures = time_family(family, args.runs)
            bad.extend(f"{rounds:,} rounds: {failure}" for failure in failures)
            bad.extend(
                f"{rounds:,} rounds, {family}: query reads games_round unbounded: {q[:200]}"
                for q in queries
                if "games_round" in q and "LIMIT" not in q
            )
            per_cycle = len(queries) // (args.runs + 1)
            last_cycle = (family, queries[-per_cycle:])
            touching = sum("games_round" in q for q in queries)
            ms = [s * 1000 for s in timings]
            medians[(rounds, family)] = statistics.median(ms)
            rows.append(
                (rounds, family, statistics.median(ms), percentile(ms, 0.9), per_cycle, touching)
            )

    print()
    print("| rounds in DB | family | median ms | p90 ms | queries per cycle | naming games_round |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    for rounds, family, median_ms, p90_ms, per_cycle, touching in rows:
        print(
            f"| {rounds:,} | {family} | {median_ms:.1f} | {p90_ms:.1f} | {per_cycle} | {touching} |"
        )
    small, large = sizes
    print()
    for family in ("feedforward", "xgboost", "mnlogit"):
        ratio = medians[(large, family)] / medians[(small, family)]
        record(
            f"promotion cycle, {family}, median ms at {large:,} rounds",
            medians[(large, family)],
            unit="ms",
            baseline=medians[(small, family)],
            baseline_name=f"at {small:,} rounds",
        )
        print(f"median {large:,} / {small:,} rounds, {family}: {ratio:.2f}")
    if bad:
        print("\nFAILED:", file=sys.stderr)
        for line in bad[:20]:
            print(f"  {line}", file=sys.stderr)
        return 1
    print(f"\nthe {len(last_cycle[1])} queries of the last {last_cycle[0]} cycle:")
    for query in last_cycle[1]:
        print(f"  {' '.join(query.split())[:150]}")
    print("\nno cycle query read games_round unbounded (only the guardrails' latest games, LIMIT)")
    return 0


def main(argv: list[str] | None = None) -> int:
    return run_in_scratch("promotion_cycle", run, parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
