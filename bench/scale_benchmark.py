"""Scale benchmark: how the costs that touch stored play grow with the rounds table — the figures
behind docs/scaling.md. Measured at 10k, 100k and 1M rounds in one run, on PostgreSQL:

- play one round (``games.services.round_play`` with a served model), the request path's cost;
- one ``/metrics`` scrape (process counters + the gauges read from the database);
- the analysts' rounds export, first page and a page halfway through (keyset pages);
- the leaderboard and the bot win rates (aggregates over games);
- building the training data set (``training.learning.dataset.dataset_build``), the one cost that is
  meant to grow with the data (and is bounded by TRAINING_DATA_SINCE_DATE and the stride).

    .venv/bin/python bench/scale_benchmark.py            # 10k, 100k, 1M rounds
    .venv/bin/python bench/scale_benchmark.py --quick    # 10k and 100k, no data set build

DATABASE_URL must name a PostgreSQL database (default: rpsweb_bench_scale on 127.0.0.1, created
when missing and emptied at every start). Requests run in-process through Django's test client.
Exit status 1 when a request does not answer 200.
"""

from __future__ import annotations

import argparse
import base64
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

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

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/rpsweb_bench_scale"
SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (10_000, 100_000)
MOVES = ("rock", "paper", "scissors")


def players() -> tuple[list[int], object]:
    """People (whose rounds the export serves), scripts and a simulation; and a staff analyst."""
    from django.contrib.auth import get_user_model

    from games.models import Player, PlayerKind

    ids = [Player.objects.create(name=f"person-{i}", kind=PlayerKind.HUMAN).pk for i in range(4)]
    ids += [Player.objects.create(name="Ace-bench", kind=PlayerKind.SCRIPTED).pk]
    ids += [Player.objects.create(name="bench-sim", kind=PlayerKind.SIMULATION).pk]
    analyst = get_user_model().objects.create_user("bench-analyst", is_staff=True)
    return ids, analyst


def time_play(runs: int) -> list[float]:
    """Milliseconds per round played through the service, over fresh games as needed."""
    from games import services
    from games.models import Player, PlayerKind

    player = Player.objects.create(name="bench-player", kind=PlayerKind.HUMAN)
    timings: list[float] = []
    game = None
    while len(timings) < runs:
        if game is None or game.is_finished:
            game = services.game_start(player=player, policy="logan", difficulty_mode="standard")
        started = time.perf_counter()
        game = services.round_play(
            game_id=game.pk, move=MOVES[len(timings) % 3], player=player
        ).game
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def time_get(client: object, path: str, runs: int) -> tuple[list[float], int]:
    from django.test import Client

    assert isinstance(client, Client)
    client.get(path)  # warm-up
    timings: list[float] = []
    status = 0
    for _ in range(runs):
        started = time.perf_counter()
        status = client.get(path).status_code
        timings.append((time.perf_counter() - started) * 1000)
    return timings, status


def middle_page(rounds: int) -> str:
    """The export's page that starts halfway through the table: the keyset cursor an analyst
    holds after following ``next`` that far (DRF's cursor is base64 of ``p=<last pk>``)."""
    from games.models import Round

    middle = Round.objects.order_by("pk").values_list("pk", flat=True)[rounds // 2]
    cursor = base64.b64encode(urlencode({"p": str(middle)}).encode()).decode()
    return f"/api/v1/rounds/?{urlencode({'cursor': cursor})}"


def time_dataset() -> tuple[list[float], int]:
    from training.learning.dataset import dataset_build

    started = time.perf_counter()
    data = dataset_build()
    return [(time.perf_counter() - started) * 1000], len(data)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    return seeded_arguments(
        argv,
        doc=__doc__ or "",
        quick_help="10k and 100k rounds, no data set",
        repeats_help="timed repetitions per cost",
        repeats=15,
    )


def run(args: argparse.Namespace, store: Path) -> int:
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    fresh_database(url)
    setup_django(url, store)
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.TRAINING_DATA_SINCE_DATE = "2000-01-01T00:00:00Z"
    print_provenance("games", "training", "promotion", "rpsweb")
    print(f"database {database_name(url)}; {args.runs} timed repetitions after a warm-up")
    register_versions(store)
    player_ids, analyst = players()
    client = Client()
    client.force_login(analyst)

    sizes = QUICK_SIZES if args.quick else SIZES
    rows: list[tuple[int, str, float, float, str]] = []
    medians: dict[tuple[int, str], float] = {}
    bad: list[str] = []
    for rounds in sizes:
        seconds = fill_to(rounds, player_ids)
        print(
            f"filled to {rounds:,} rounds ({rounds // ROUNDS_PER_GAME:,} games) in {seconds:.1f} s"
        )
        deep = middle_page(rounds)
        costs: list[tuple[str, Callable[[], tuple[list[float], object]]]] = [
            ("play one round", lambda: (time_play(args.runs), "")),
            ("/metrics scrape", lambda: time_get(client, "/metrics", args.runs)),
            ("rounds export, first page", lambda: time_get(client, "/api/v1/rounds/", args.runs)),
            (
                "rounds export, page at the middle",
                lambda deep=deep: time_get(client, deep, args.runs),
            ),
            ("leaderboard", lambda: time_get(client, "/api/v1/leaderboard/", args.runs)),
            ("bot win rates", lambda: time_get(client, "/api/v1/bot-win-rates/", args.runs)),
        ]
        if not args.quick:
            costs.append(("training data set build", time_dataset))
        for name, measure in costs:
            timings, extra = measure()
            note = ""
            if isinstance(extra, int) and name.startswith("training"):
                note = f"{extra:,} rows"
            elif isinstance(extra, int) and extra != 200:
                bad.append(f"{rounds:,} rounds: {name} answered {extra}")
            medians[(rounds, name)] = statistics.median(timings)
            rows.append((rounds, name, statistics.median(timings), percentile(timings, 0.9), note))
        names = [name for name, _ in costs]

    print()
    print("| rounds in DB | cost | median ms | p90 ms | note |")
    print("| ---: | --- | ---: | ---: | --- |")
    for rounds, name, median_ms, p90_ms, note in rows:
        print(f"| {rounds:,} | {name} | {median_ms:.1f} | {p90_ms:.1f} | {note} |")
    small, large = sizes[0], sizes[-1]
    print()
    print(f"| cost | median at {large:,} / at {small:,} rounds |")
    print("| --- | ---: |")
    for name in names:
        ratio = medians[(large, name)] / medians[(small, name)]
        print(f"| {name} | {ratio:.2f} |")
        record(
            f"{name}, median ms at {large:,} rounds",
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
    return run_in_scratch("scale", run, parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
