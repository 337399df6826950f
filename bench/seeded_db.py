"""A PostgreSQL database filled to a given number of rounds for the benchmarks that measure how
costs grow with the data (the promotion cycle, the dashboards): finished games written with
set-based SQL, slot counters filled as finishing games would have, tiny registered versions at
every alias in a temporary MLflow store.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import logging
import math
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from bench.provenance import commit, machine
from core.vocabulary import ALIASES, FAMILIES

FORBIDDEN_DATABASES = ("test",)
ROUNDS_PER_GAME = 20


class BenchError(Exception):
    """A setup step failed; the message says which and why."""


# --- database ---------------------------------------------------------------------------------


def database_name(url: str) -> str:
    if not url.startswith(("postgres://", "postgresql://")):
        raise BenchError(f"DATABASE_URL must point at PostgreSQL, got {url!r}")
    name = conninfo_to_dict(url).get("dbname")
    if not name:
        raise BenchError(f"DATABASE_URL names no database: {url!r}")
    if name in FORBIDDEN_DATABASES:
        raise BenchError(f"refusing to benchmark in database {name!r}: it belongs to the tests")
    return str(name)


def fresh_database(url: str) -> None:
    """Create the database when missing, then empty it: every run starts from no rows."""
    name = database_name(url)
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            # DuplicateDatabase: another run created it meanwhile.
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


# One finished game's rounds, by round number r: every fourth round is decisive (rounds 4, 12
# and 20 go to the game's winner, 8 and 16 to the other side), the rest are draws. The winner
# ends on 10.5 (9.5 before the last round), the other side on 9.5: a valid game to 10 points.
ROUND_KIND = "CASE WHEN r % 4 <> 0 THEN 'draw' WHEN r % 8 = 0 THEN 'other' ELSE 'winner' END"
WINNER_AFTER = "(r - r / 4) * 0.5 + (r + 4) / 8"
OTHER_AFTER = "(r - r / 4) * 0.5 + r / 8"

# The fill's games open with "bench", so games a benchmark plays itself are left alone.
INSERT_GAMES = """
INSERT INTO games_game (player_id, policy, family, difficulty_mode, model_alias, model_version,
    opening, target_points, player_score, bot_score, rounds_played, record, model_carry, status,
    winner, is_test, started_at, finished_at, updated_at)
SELECT (%(players)s::bigint[])[mod(i, cardinality(%(players)s::bigint[])) + 1],
       (ARRAY['brian', 'forrest', 'logan'])[mod(i, 3) + 1],
       (ARRAY['feedforward', 'xgboost', 'mnlogit'])[mod(i, 3) + 1],
       (ARRAY['standard', 'easy'])[mod(i / 6, 2) + 1],
       (ARRAY['Production', 'B'])[mod(i / 3, 2) + 1],
       '', 'bench', 10.0, 0, 0, 0, '[]', '{}', 'active', NULL, false,
       now() - make_interval(secs => i), NULL, now()
FROM generate_series(%(first)s, %(last)s) AS i
"""

# The games just inserted are the only active ones; the bot wins two games of every three.
INSERT_ROUNDS = f"""
INSERT INTO games_round (game_id, round_no, player_move, bot_move, result, value_rock,
    value_paper, value_scissors, player_delta, bot_delta, player_score_after, bot_score_after,
    is_gambit, prob_rock, prob_paper, prob_scissors, prediction_source, reading, created_at)
SELECT g.id, r,
       'rock',
       CASE WHEN k.kind = 'draw' THEN 'rock'
            WHEN (k.kind = 'winner') = k.bot_wins THEN 'paper' ELSE 'scissors' END,
       CASE WHEN k.kind = 'draw' THEN 'draw'
            WHEN (k.kind = 'winner') = k.bot_wins THEN 'lose' ELSE 'win' END,
       1.0, 1.5, 2.0,
       CASE WHEN k.kind = 'draw' THEN 0.5 WHEN (k.kind = 'winner') = k.bot_wins THEN 0 ELSE 1 END,
       CASE WHEN k.kind = 'draw' THEN 0.5 WHEN (k.kind = 'winner') = k.bot_wins THEN 1 ELSE 0 END,
       CASE WHEN k.bot_wins THEN {OTHER_AFTER} ELSE {WINNER_AFTER} END,
       CASE WHEN k.bot_wins THEN {WINNER_AFTER} ELSE {OTHER_AFTER} END,
       false, 0.4, 0.3, 0.3, 'model', '[]', g.started_at
FROM games_game g
CROSS JOIN generate_series(1, {ROUNDS_PER_GAME}) AS r
CROSS JOIN LATERAL (SELECT {ROUND_KIND} AS kind, g.id % 3 <> 0 AS bot_wins) AS k
WHERE g.status = 'active' AND g.opening = 'bench'
"""

FINISH_GAMES = f"""
UPDATE games_game g
SET player_score = CASE WHEN g.id % 3 <> 0 THEN 9.5 ELSE 10.5 END,
    bot_score = CASE WHEN g.id % 3 <> 0 THEN 10.5 ELSE 9.5 END,
    winner = CASE WHEN g.id % 3 <> 0 THEN 'bot' ELSE 'user' END,
    rounds_played = {ROUNDS_PER_GAME},
    status = 'finished',
    finished_at = g.started_at + interval '5 minutes',
    model_version = v.version::text
FROM promotion_bench_versions v
WHERE g.status = 'active' AND g.opening = 'bench'
  AND v.family = g.family AND v.alias = g.model_alias
"""

# What finishing each game would have counted (promotion.counters.game_count), all at once.
REFILL_COUNTERS = """
DELETE FROM promotion_slotcounter;
DELETE FROM promotion_versionslotcounter;
INSERT INTO promotion_slotcounter (family, slot, difficulty, games, bot_wins, losses, updated_at)
SELECT family, model_alias, difficulty_mode, count(*), count(*) FILTER (WHERE winner = 'bot'),
       count(*) FILTER (WHERE winner = 'user'), now()
FROM games_game WHERE status = 'finished' AND NOT is_test
GROUP BY family, model_alias, difficulty_mode;
INSERT INTO promotion_versionslotcounter (family, slot, version, games, bot_wins, losses,
    first_game_at, updated_at)
SELECT family, model_alias, model_version, count(*), count(*) FILTER (WHERE winner = 'bot'),
       count(*) FILTER (WHERE winner = 'user'), min(finished_at), now()
FROM games_game WHERE status = 'finished' AND NOT is_test
GROUP BY family, model_alias, model_version;
"""


def fill_to(rounds: int, player_ids: list[int]) -> float:
    """Add finished games until the rounds table holds ``rounds`` rows, dealt in turn to
    ``player_ids``; the seconds it took."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM games_game WHERE opening = 'bench'")
        have = cursor.fetchone()[0]
        want = rounds // ROUNDS_PER_GAME
        if want > have:
            cursor.execute(INSERT_GAMES, {"players": player_ids, "first": have, "last": want - 1})
            cursor.execute(INSERT_ROUNDS)
            cursor.execute(FINISH_GAMES)
            cursor.execute(REFILL_COUNTERS)
        cursor.execute(
            "SELECT count(*) FROM games_game WHERE opening = 'bench' AND status <> 'finished'"
        )
        if cursor.fetchone()[0]:
            raise BenchError("some benchmark games were left unfinished")
        cursor.execute(
            "SELECT count(*) FROM games_round r JOIN games_game g ON g.id = r.game_id "
            "WHERE g.opening = 'bench'"
        )
        if cursor.fetchone()[0] != rounds:
            raise BenchError(f"the rounds table does not hold {rounds:,} rows after the fill")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def register_versions(store: Path) -> None:
    """Four tiny registered versions per family, one at each alias, and a table the fill reads
    them from (alias -> version number)."""
    from django.db import connection

    from tests.registry.conftest import fit_tiny_model, register_tiny_version
    from training.registry.selectors import alias_versions

    for family in FAMILIES:
        model = fit_tiny_model(family, store / f"tiny-{family}")
        for alias in ALIASES:
            register_tiny_version(model, aliases=(alias,))
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE promotion_bench_versions (family text, alias text, version int)"
        )
        for family in FAMILIES:
            for alias, version in alias_versions(family=family).items():
                cursor.execute(
                    "INSERT INTO promotion_bench_versions VALUES (%s, %s, %s)",
                    [family, alias, version],
                )


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def postgres_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0])


def setup_django(url: str, store: Path) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["MLFLOW_TRACKING_URI"] = f"sqlite:///{store / 'mlflow.db'}"
    os.environ["MLFLOW_ARTIFACT_ROOT"] = str(store / "artifacts")
    os.environ["MODEL_CACHE_DIR"] = str(store / "model-cache")
    os.environ.setdefault("MLFLOW_SKIP_PIP_REQUIREMENTS_CHECK", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rpsweb.settings")
    import django

    django.setup()
    # One log line per cycle would bury the table.
    for name in ("rpsweb.promotion", "rpsweb.training"):
        logging.getLogger(name).setLevel(logging.WARNING)
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)


# --- what every seeded-database benchmark shares ---------------------------------------------


def seeded_arguments(
    argv: list[str] | None, *, doc: str, quick_help: str, repeats_help: str, repeats: int
) -> argparse.Namespace:
    """``--quick`` (the smoke run's sizes) and ``--runs`` (timed repetitions: ``repeats`` in
    a full run, 2 in a smoke run, which measures nothing)."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=quick_help)
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        help=f"{repeats_help} (default {repeats}, 2 with --quick)",
    )
    args = parser.parse_args(argv)
    if args.runs is None:
        args.runs = 2 if args.quick else repeats
    return args


def print_provenance(*measured: str) -> None:
    """When, which commit of the ``measured`` folders, and on what machine and database."""
    print(f"date     {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"commit   {commit(*measured)}")
    print(f"machine  {machine()}, PostgreSQL {postgres_version()}")


def run_in_scratch(
    name: str, run: Callable[[argparse.Namespace, Path], int], args: argparse.Namespace
) -> int:
    """``run`` with a scratch folder for its model store; a missing or refused database is a
    one-line error and exit status 1, not a traceback."""
    try:
        with tempfile.TemporaryDirectory(prefix=f"rpsweb-{name}-bench-") as scratch:
            return run(args, Path(scratch))
    except (BenchError, psycopg.OperationalError) as error:
        print(f"{name}_benchmark: {error}", file=sys.stderr)
        return 1
