"""Play benchmark: simulated players play whole games over HTTP against gunicorn on PostgreSQL,
then the same number of threads hit a trivial JSON view (no database) for as long as the plays
took, in the same run, so the play figures can be read against what this machine and this
server can do at all.

    .venv/bin/python bench/play_benchmark.py                 # 16 players x 5 games, <= 60 s
    .venv/bin/python bench/play_benchmark.py --players 32 --games-per-player 10 --workers 4
    .venv/bin/python bench/play_benchmark.py --quick         # smoke run: 2 players, 1 game each

DATABASE_URL must name a PostgreSQL database (default: rpsweb_bench on 127.0.0.1, created and
migrated when missing). The exit status is 1 when any request failed or when a finished game's
scores in the database are not the sums of its rounds.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.seeded_db import BenchError, database_name  # noqa: E402  (the root is on the path above)
from bench.summary import record  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/rpsweb_bench"
POLICIES = ("brian", "forrest", "logan")
MOVES = ("rock", "paper", "scissors")
PING_PATH = "/api/v1/ping/"
# A game to 10 points takes 20-30 rounds; far more means the server never says "finished".
MAX_ROUNDS_PER_GAME = 200
HTTP_TIMEOUT_SECONDS = 30.0
STARTUP_TIMEOUT_SECONDS = 90.0
MAX_ERRORS_SHOWN = 20
WARM_UP_REQUESTS_PER_THREAD = 4
MIN_TRIVIAL_SECONDS = 1.0


# --- HTTP -------------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    body: dict[str, Any]
    seconds: float


class Client:
    """One persistent HTTP/1.1 connection (one per thread), with the cookies the server sets."""

    def __init__(self, port: int) -> None:
        self._port = port
        self._conn: http.client.HTTPConnection | None = None
        self._cookies: dict[str, str] = {}

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            self._conn = http.client.HTTPConnection(
                "127.0.0.1", self._port, timeout=HTTP_TIMEOUT_SECONDS
            )
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def request(self, method: str, path: str, payload: dict[str, Any] | None = None) -> Reply:
        """Send one request and read the whole answer; the time covers both. A failed exchange
        drops the connection, so the next request starts on a fresh one."""
        headers = {"Accept": "application/json"}
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        if self._cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self._cookies.items())
        conn = self._connection()
        try:
            started = time.perf_counter()
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            raw = response.read()
            seconds = time.perf_counter() - started
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(header)
            self._cookies.update({name: morsel.value for name, morsel in cookie.items()})
        try:
            parsed = json.loads(raw) if raw else {}
        except ValueError:
            parsed = {"_raw": raw[:200].decode(errors="replace")}
        if not isinstance(parsed, dict):
            parsed = {"_raw": parsed}
        return Reply(response.status, parsed, seconds)


def describe_failure(method: str, path: str, reply: Reply | None, error: Exception | None) -> str:
    if error is not None:
        return f"{method} {path}: {type(error).__name__}: {error}"
    assert reply is not None
    detail = reply.body.get("message") or reply.body.get("detail") or reply.body.get("_raw")
    return f"{method} {path}: HTTP {reply.status}: {' '.join(str(detail).split())[:160]}"


# --- load -------------------------------------------------------------------------------------


@dataclass
class Tally:
    """What one thread saw; merged after the phase, so threads never share a list."""

    latencies: list[float] = field(default_factory=list)
    start_latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    start_errors: list[str] = field(default_factory=list)
    sources: Counter[str] = field(default_factory=Counter)
    # game id -> rounds this client played in it (only games the server declared finished)
    finished: dict[int, int] = field(default_factory=dict)
    started: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Limits:
    deadline: float  # time.monotonic()
    stop: threading.Event

    def over(self) -> bool:
        return self.stop.is_set() or time.monotonic() >= self.deadline


def call(
    client: Client, method: str, path: str, payload: dict[str, Any] | None = None
) -> tuple[Reply | None, str | None]:
    """One request; a failure (exception or non-2xx) comes back as its description."""
    try:
        reply = client.request(method, path, payload)
    except (OSError, http.client.HTTPException) as error:
        return None, describe_failure(method, path, None, error)
    if not 200 <= reply.status < 300:
        return reply, describe_failure(method, path, reply, None)
    return reply, None


def play_games(
    client: Client, index: int, games: int, limits: Limits, rng: random.Random, tally: Tally
) -> None:
    for _ in range(games):
        if limits.over():
            return
        payload = {"player_name": f"bench-{index}", "policy": rng.choice(POLICIES), "is_test": True}
        reply, failure = call(client, "POST", "/start_game", payload)
        if failure is None and reply is not None and not isinstance(reply.body.get("game_id"), int):
            failure = f"POST /start_game: no game_id in {str(reply.body)[:160]}"
        if failure is not None or reply is None:
            tally.start_errors.append(failure or "POST /start_game: no reply")
            continue
        tally.start_latencies.append(reply.seconds)
        game_id = reply.body["game_id"]
        tally.started.append(game_id)
        for played in range(1, MAX_ROUNDS_PER_GAME + 1):
            if limits.over():
                return  # an unfinished game is fine: only finished ones are checked
            move = {"game_id": game_id, "user_move": rng.choice(MOVES)}
            reply, failure = call(client, "POST", "/play", move)
            if failure is not None or reply is None:
                tally.errors.append(failure or "POST /play: no reply")
                break
            tally.latencies.append(reply.seconds)
            info = reply.body.get("model_info")
            source = info.get("probability_source") if isinstance(info, dict) else None
            tally.sources[str(source)] += 1
            if reply.body.get("finished") is True:
                tally.finished[game_id] = played
                break
        else:
            tally.errors.append(f"game {game_id}: not finished after {MAX_ROUNDS_PER_GAME} plays")


def hit_trivial(client: Client, tickets: Callable[[], bool], limits: Limits, tally: Tally) -> None:
    while not limits.over() and tickets():
        reply, failure = call(client, "GET", PING_PATH)
        if failure is not None or reply is None:
            tally.errors.append(failure or f"GET {PING_PATH}: no reply")
        elif reply.body.get("pong") is not True:
            tally.errors.append(f"GET {PING_PATH}: unexpected body {str(reply.body)[:160]}")
        else:
            tally.latencies.append(reply.seconds)


def ticket_dispenser(total: int) -> Callable[[], bool]:
    """A shared budget of requests: each call takes one, False once they are gone."""
    lock = threading.Lock()
    left = [total]

    def take() -> bool:
        with lock:
            if left[0] <= 0:
                return False
            left[0] -= 1
            return True

    return take


def run_threads(
    count: int, port: int, work: Callable[[int, Client, Tally], None], stop: threading.Event
) -> tuple[list[Tally], float]:
    """Run ``work`` on ``count`` threads, each with its own connection; wall time in seconds."""
    tallies = [Tally() for _ in range(count)]

    def body(i: int) -> None:
        client = Client(port)
        try:
            work(i, client, tallies[i])
        except Exception as error:  # a bug in the load itself must show, not hang the run
            tallies[i].errors.append(f"thread {i}: {type(error).__name__}: {error}")
        finally:
            client.close()

    threads = [threading.Thread(target=body, args=(i,), daemon=True) for i in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            while thread.is_alive():
                thread.join(timeout=0.2)
    except KeyboardInterrupt:
        stop.set()  # every thread stops after its current request
        for thread in threads:
            thread.join(timeout=HTTP_TIMEOUT_SECONDS)
        raise
    return tallies, time.perf_counter() - started


def warm_up(port: int, count: int, stop: threading.Event) -> None:
    """A few unmeasured requests first, so that each server thread's one-off start-up work (the
    first request through Django in a fresh worker) is not billed to the first phase."""
    tickets = ticket_dispenser(count * WARM_UP_REQUESTS_PER_THREAD)
    limits = Limits(time.monotonic() + STARTUP_TIMEOUT_SECONDS, stop)
    run_threads(
        count, port, lambda i, client, tally: hit_trivial(client, tickets, limits, tally), stop
    )


# --- figures ----------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (no interpolation: every figure is a latency that happened)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Row:
    name: str
    latencies: list[float]
    errors: list[str]
    elapsed: float

    @property
    def requests(self) -> int:
        return len(self.latencies) + len(self.errors)

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed > 0 else math.nan

    @property
    def p50_ms(self) -> float:
        return percentile(self.latencies, 0.50) * 1000

    @property
    def p99_ms(self) -> float:
        return percentile(self.latencies, 0.99) * 1000


def print_table(rows: list[Row]) -> None:
    header = f"{'':<10} {'requests':>9} {'errors':>7} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9}"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row.name:<10} {row.requests:>9} {len(row.errors):>7} {row.per_second:>9.1f} "
            f"{row.p50_ms:>9.2f} {row.p99_ms:>9.2f}"
        )


def print_errors(errors: list[str]) -> None:
    if not errors:
        return
    print(f"\n{len(errors)} error(s):")
    for message, count in Counter(errors).most_common(MAX_ERRORS_SHOWN):
        print(f"  {count:>5} x {message}")


# --- database ---------------------------------------------------------------------------------


def ensure_database(url: str) -> None:
    """Create the benchmark database when it is missing (connected to the server's maintenance
    database, since a database cannot be created from inside itself)."""
    name = database_name(url)
    maintenance = make_conninfo(url, dbname="postgres")
    with psycopg.connect(maintenance, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists is None:
            try:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                print(f"created database {name}")
            except psycopg.errors.DuplicateDatabase:
                pass  # another run created it meanwhile


def migrate(python: Path, env: dict[str, str]) -> None:
    done = subprocess.run(
        [str(python), "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"manage.py migrate failed:\n{done.stdout}{done.stderr}")


SCORE_CHECK = """
SELECT g.id, g.status, g.rounds_played, g.player_score, g.bot_score,
       COALESCE(SUM(r.player_delta), 0), COALESCE(SUM(r.bot_delta), 0), COUNT(r.id)
FROM games_game g
JOIN games_player p ON p.id = g.player_id
LEFT JOIN games_round r ON r.game_id = g.id
WHERE p.name LIKE 'bench-%%' AND (g.status = 'finished' OR g.id = ANY(%s))
GROUP BY g.id
"""


def verify_scores(url: str, finished: dict[int, int]) -> tuple[int, list[str]]:
    """Every finished bench game (this run's and earlier ones): scores equal the sums of its
    rounds and the round count matches; this run's finished games are finished in the database
    with as many rounds as this run played. Returns (games checked, problems)."""
    problems: list[str] = []
    with psycopg.connect(url) as conn:
        rows = conn.execute(SCORE_CHECK, [list(finished)]).fetchall()
    seen: set[int] = set()
    checked = 0
    for game_id, status, rounds_played, player, bot, player_sum, bot_sum, rounds in rows:
        seen.add(game_id)
        if status != "finished":
            problems.append(f"game {game_id}: the server said finished, the database says {status}")
            continue
        checked += 1
        if player != player_sum or bot != bot_sum:
            problems.append(
                f"game {game_id}: scores {player}-{bot}, "
                f"but its rounds sum to {player_sum}-{bot_sum}"
            )
        if rounds != rounds_played:
            problems.append(f"game {game_id}: rounds_played {rounds_played} but {rounds} rounds")
        if game_id in finished and rounds != finished[game_id]:
            problems.append(f"game {game_id}: {finished[game_id]} plays sent, {rounds} rounds kept")
    problems.extend(
        f"game {g}: finished by this run but missing" for g in finished if g not in seen
    )
    return checked, problems


# --- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_answering(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with status {process.returncode} while starting")
        client = Client(port)
        try:
            client.request("GET", PING_PATH)
            return  # any HTTP answer: the endpoints are checked by the load itself
        except (OSError, http.client.HTTPException):
            time.sleep(0.2)
        finally:
            client.close()
    raise BenchError(f"gunicorn did not answer within {STARTUP_TIMEOUT_SECONDS:.0f}s")


@contextmanager
def gunicorn(bin_dir: Path, env: dict[str, str], workers: int, threads: int) -> Iterator[int]:
    """gunicorn on a free loopback port, stopped (TERM, then KILL) however the block ends."""
    port = free_port()
    metrics_dir = tempfile.mkdtemp(prefix="rpsweb-bench-prometheus-")
    log_fd, log_name = tempfile.mkstemp(prefix="rpsweb-bench-gunicorn-", suffix=".log")
    server_env = {
        **env,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "THROTTLE_PLAY_RATE": "1000000/minute",
        "THROTTLE_START_RATE": "1000000/minute",
        "PROMETHEUS_MULTIPROC_DIR": metrics_dir,
    }
    command = [
        str(bin_dir / "gunicorn"),
        "-c",
        "rpsweb/gunicorn_conf.py",
        "rpsweb.wsgi",
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        str(workers),
        "--threads",
        str(threads),
    ]
    # A session of its own: Ctrl-C reaches this script alone, which then stops gunicorn cleanly.
    with os.fdopen(log_fd, "wb") as log:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    failed = True
    try:
        wait_until_answering(port, process)
        yield port
        failed = False
    except KeyboardInterrupt:
        failed = False  # stopped on purpose: the server's log has nothing to explain
        raise
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if failed:
            tail = Path(log_name).read_text(errors="replace").splitlines()[-30:]
            print(f"gunicorn log ({log_name}), last lines:", *tail, sep="\n  ", file=sys.stderr)
        else:
            os.unlink(log_name)
        shutil.rmtree(metrics_dir, ignore_errors=True)


# --- main -------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--players", type=int, default=16, help="concurrent players (threads)")
    parser.add_argument("--games-per-player", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=60.0, help="time bound of each phase")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--seed", type=int, default=None, help="seed of the players' choices")
    parser.add_argument("--quick", action="store_true", help="smoke run: 2 players, 1 game each")
    args = parser.parse_args(argv)
    if args.quick:
        args.players, args.games_per_player = 2, 1
    if args.players < 1 or args.games_per_player < 1 or args.seconds <= 0:
        parser.error("--players, --games-per-player and --seconds must be positive")
    return args


def bin_dir() -> Path:
    venv = ROOT / ".venv" / "bin"
    return venv if (venv / "gunicorn").exists() else Path(sys.executable).parent


@dataclass(frozen=True)
class Results:
    play: Row
    start: Row
    trivial: Row
    started: list[int]
    finished: dict[int, int]
    sources: Counter[str]


def _merged(tallies: list[Tally], attribute: str) -> list[Any]:
    return [item for tally in tallies for item in getattr(tally, attribute)]


def measure(args: argparse.Namespace, port: int, seed: int, stop: threading.Event) -> Results:
    warm_up(port, args.players, stop)
    limits = Limits(time.monotonic() + args.seconds, stop)

    def player(i: int, client: Client, tally: Tally) -> None:
        rng = random.Random(f"{seed}-{i}")
        play_games(client, i, args.games_per_player, limits, rng, tally)

    plays, play_elapsed = run_threads(args.players, port, player, stop)

    # The trivial view gets as long as the plays took (a fixed request count would make its
    # phase last about a second: too short a window for a steady figure).
    window = min(max(play_elapsed, MIN_TRIVIAL_SECONDS), args.seconds)
    trivial_limits = Limits(time.monotonic() + window, stop)

    def pinger(i: int, client: Client, tally: Tally) -> None:
        hit_trivial(client, lambda: True, trivial_limits, tally)

    pings, ping_elapsed = run_threads(args.players, port, pinger, stop)
    return Results(
        play=Row("play", _merged(plays, "latencies"), _merged(plays, "errors"), play_elapsed),
        start=Row(
            "start_game",
            _merged(plays, "start_latencies"),
            _merged(plays, "start_errors"),
            play_elapsed,
        ),
        trivial=Row("trivial", _merged(pings, "latencies"), _merged(pings, "errors"), ping_elapsed),
        started=_merged(plays, "started"),
        finished={game: rounds for tally in plays for game, rounds in tally.finished.items()},
        sources=sum((tally.sources for tally in plays), Counter()),
    )


def report(results: Results, url: str) -> int:
    """Print the figures and the score check; the exit status."""
    play, trivial, start = results.play, results.trivial, results.start
    print()
    print_table([play, trivial, start])
    if play.latencies and trivial.latencies:
        print(
            f"\nthroughput trivial/play: {trivial.per_second / play.per_second:.2f}x   "
            f"p50 latency play/trivial: {play.p50_ms / trivial.p50_ms:.2f}x"
        )
        record(
            "play throughput, req/s",
            play.per_second,
            unit="req/s",
            baseline=trivial.per_second,
            baseline_name="trivial view",
        )
        record(
            "play p50 latency, ms",
            play.p50_ms,
            unit="ms",
            baseline=trivial.p50_ms,
            baseline_name="trivial view",
        )
    else:
        print("\nno ratio: a phase completed no request")
    print(
        f"games: {len(results.started)} started, {len(results.finished)} finished; play phase "
        f"{play.elapsed:.1f}s (req/s of play and start_game both over its wall time), "
        f"trivial phase {trivial.elapsed:.1f}s"
    )
    sources = ", ".join(f"{name} {count}" for name, count in sorted(results.sources.items()))
    print(f"prediction sources of the plays: {sources}")

    errors = play.errors + start.errors + trivial.errors
    print_errors(errors)
    checked, problems = verify_scores(url, results.finished)
    if problems:
        print(f"\nscore check FAILED on {len(problems)} point(s):")
        for problem in problems[:MAX_ERRORS_SHOWN]:
            print(f"  {problem}")
    else:
        print(f"score check: {checked} finished bench game(s), scores equal their rounds' sums")
    return 1 if errors or problems else 0


def run(args: argparse.Namespace) -> int:
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    env = {**os.environ, "DATABASE_URL": url, "MLFLOW_SKIP_PIP_REQUIREMENTS_CHECK": "true"}
    bins = bin_dir()
    ensure_database(url)
    migrate(bins / "python", env)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    print(
        f"{args.players} players x {args.games_per_player} games, <= {args.seconds:g}s a phase; "
        f"gunicorn {args.workers} workers x {args.threads} threads; database "
        f"{database_name(url)}; seed {seed}"
    )
    with gunicorn(bins, env, args.workers, args.threads) as port:
        results = measure(args, port, seed, threading.Event())
    return report(results, url)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # TERM (and INT even where the shell started us with it ignored) unwinds like Ctrl-C, so the
    # gunicorn this run started is always stopped.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    try:
        return run(args)
    except BenchError as error:
        print(f"play benchmark: {error}", file=sys.stderr)
        return 1
    except psycopg.OperationalError as error:
        print(f"play benchmark: cannot reach PostgreSQL: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("play benchmark: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
