"""Play benchmark: simulated players play whole games over HTTP against gunicorn on PostgreSQL,
answered by real trained versions of every family, then the same number of threads hit a
trivial JSON view (no database) for as long as the plays took, in the same run, so the play
figures can be read against what this machine and this server can do at all. Each player count
of ``--players`` gets both phases in turn, against the same server.

    .venv/bin/python bench/play_benchmark.py                 # 8, then 32 players x 10 games
    .venv/bin/python bench/play_benchmark.py --players 1,8,32 --games-per-player 10
    .venv/bin/python bench/play_benchmark.py --quick         # smoke run: 2 players, 1 game each

DATABASE_URL must name a PostgreSQL database (default: rpsweb_bench on 127.0.0.1, created and
migrated when missing); the models are trained into it by the installation's bootstrap on the
first run and reused afterwards (bench/play_models.py). The exit status is 1 when any request
failed, when a play was not answered by a model (or a gambit), or when a finished game's scores
in the database are not the sums of its rounds.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
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
import uuid
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

from bench import machine_time, play_models, play_round_cost  # noqa: E402  (the root is on the path above)
from bench.seeded_db import BenchError, database_name  # noqa: E402
from bench.summary import record  # noqa: E402
from rpsweb.gunicorn_conf import WORKER_READY  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/rpsweb_bench"
# Throttle counters live in Redis in the full stack; a database number the tests do not use.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
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
DEFAULT_PLAYER_COUNTS = (8, 32)  # issue 11's targets are set at 8 and 32 players
# Prediction sources a play may be answered by: a model, or no one in the opening's gambit
# rounds. The frequency baseline (a game pinned to no version) or the fallback (a pinned model
# that could not be loaded) would mean the plays measured something else.
EXPECTED_SOURCES = ("model", "gambit")
# The server stands behind one (pretend) proxy, and each player writes its own address as that
# proxy would: anonymous clients are throttled per address, so every player gets a key of its
# own, as real players do, instead of all sharing 127.0.0.1.
TRUSTED_PROXIES = 1
FIRST_PLAYER_ADDRESS = ipaddress.IPv4Address("10.64.0.1")


# --- HTTP -------------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    body: dict[str, Any]
    seconds: float


class Client:
    """One persistent HTTP/1.1 connection (one per thread), with the cookies the server sets."""

    def __init__(self, port: int, headers: dict[str, str] | None = None) -> None:
        self._port = port
        self._conn: http.client.HTTPConnection | None = None
        self._cookies: dict[str, str] = {}
        self._headers = headers or {}

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
        headers = {"Accept": "application/json", **self._headers}
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
    # The plays after the player's first game: its first plays pay for one-off work (a worker's
    # first request through a view, a model loaded on first use, cold caches).
    warm_latencies: list[float] = field(default_factory=list)
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


def start_game(
    client: Client, index: int, session_id: str, rng: random.Random, tally: Tally
) -> int | None:
    """``POST /start_game`` as the player's own session; the game id, None on failure."""
    payload = {
        "player_name": f"bench-{index}",
        "policy": rng.choice(POLICIES),
        "session_id": session_id,
        "is_test": True,
    }
    reply, failure = call(client, "POST", "/start_game", payload)
    if failure is None and reply is not None:
        if not isinstance(reply.body.get("game_id"), int):
            failure = f"POST /start_game: no game_id in {str(reply.body)[:160]}"
        elif reply.body.get("session_id") != session_id:
            failure = f"POST /start_game: session_id {reply.body.get('session_id')!r} came back"
    if failure is not None or reply is None:
        tally.start_errors.append(failure or "POST /start_game: no reply")
        return None
    tally.start_latencies.append(reply.seconds)
    game_id = int(reply.body["game_id"])
    tally.started.append(game_id)
    return game_id


def play_games(
    client: Client, index: int, games: int, limits: Limits, rng: random.Random, tally: Tally
) -> None:
    """One player: ``games`` games to the end under one session id of its own, sent with every
    move as the original clients do once they have one. The throttles key anonymous clients by
    address (see TRUSTED_PROXIES); a throttle keyed by the player's session would find each
    player apart too."""
    session_id = uuid.uuid4().hex
    for game_no in range(games):
        if limits.over():
            return
        game_id = start_game(client, index, session_id, rng, tally)
        if game_id is None:
            continue
        for played in range(1, MAX_ROUNDS_PER_GAME + 1):
            if limits.over():
                return  # an unfinished game is fine: only finished ones are checked
            move = {"game_id": game_id, "user_move": rng.choice(MOVES), "session_id": session_id}
            reply, failure = call(client, "POST", "/play", move)
            if failure is not None or reply is None:
                tally.errors.append(failure or "POST /play: no reply")
                break
            tally.latencies.append(reply.seconds)
            if game_no > 0:
                tally.warm_latencies.append(reply.seconds)
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
    count: int,
    port: int,
    work: Callable[[int, Client, Tally], None],
    stop: threading.Event,
    headers: Callable[[int], dict[str, str]] | None = None,
) -> tuple[list[Tally], float]:
    """Run ``work`` on ``count`` threads, each with its own connection (sending ``headers(i)``
    with every request); wall time in seconds."""
    tallies = [Tally() for _ in range(count)]

    def body(i: int) -> None:
        client = Client(port, headers(i) if headers else None)
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


def wait_for_workers(log: Path, workers: int, process: subprocess.Popen[bytes]) -> None:
    """Until every worker has said it serves (rpsweb/gunicorn_conf.py). The first answer comes
    from the first worker to finish loading its models; connections opened before the others
    finish would all stay with that one, and the run would measure half the server."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with status {process.returncode} while starting")
        ready = {
            line.split(WORKER_READY, 1)[1].split(":", 1)[0].strip()
            for line in log.read_text(errors="replace").splitlines()
            if WORKER_READY in line
        }
        if len(ready) >= workers:
            return
        time.sleep(0.2)
    raise BenchError(f"not every gunicorn worker was ready within {STARTUP_TIMEOUT_SECONDS:.0f}s")


@dataclass
class Server:
    port: int
    pid: int  # the gunicorn master's; its workers are its children
    # Set by the caller when requests failed: the log then shows the server's side (tracebacks).
    show_log: bool = False


def redis_answering(url: str) -> bool:
    """Whether a Redis server answers PING at ``url`` (one short try)."""
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1.0).ping())
    except (redis.RedisError, OSError, ValueError):
        return False


@contextmanager
def gunicorn(bin_dir: Path, env: dict[str, str], workers: int, threads: int) -> Iterator[Server]:
    """gunicorn on a free loopback port, stopped (TERM, then KILL) however the block ends; its
    log is shown when it failed or the caller asks."""
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
        "TRUSTED_PROXY_COUNT": str(TRUSTED_PROXIES),
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
    # Throttles lifted (the benchmark measures speed, not limits) but still counted, each player
    # under a key of its own (see TRUSTED_PROXIES), so their cost is what it is in production.
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
    server = Server(port, process.pid)
    try:
        wait_until_answering(port, process)
        wait_for_workers(Path(log_name), workers, process)
        yield server
        failed = server.show_log
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


def player_counts(text: str) -> list[int]:
    """``--players``: one count ("16") or several ("1,8,32"), each run in turn."""
    try:
        counts = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of numbers, e.g. 8,32") from None
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("player counts must be positive")
    return counts


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--players",
        type=player_counts,
        default=list(DEFAULT_PLAYER_COUNTS),
        help="concurrent players (threads); a list such as 1,8,32 runs each count in turn "
        f"(default {','.join(map(str, DEFAULT_PLAYER_COUNTS))})",
    )
    # Ten games a player: at 8 players about 1,000 plays, so the p99 rests on about ten.
    parser.add_argument("--games-per-player", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60.0, help="time bound of each phase")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--seed", type=int, default=None, help="seed of the players' choices")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL),
        help="the server's cache (throttle counters), as in the full stack; 'none': the "
        "embedded default's file cache (default: %(default)s when it answers)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="smoke run: 2 players, 1 game each, small models"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.players, args.games_per_player = [2], 1
    if args.games_per_player < 1 or args.seconds <= 0:
        parser.error("--games-per-player and --seconds must be positive")
    return args


def bin_dir() -> Path:
    venv = ROOT / ".venv" / "bin"
    return venv if (venv / "gunicorn").exists() else Path(sys.executable).parent


@dataclass(frozen=True)
class Results:
    """One player count's two phases."""

    players: int
    play: Row
    warm: Row  # the plays after each player's first game
    start: Row
    trivial: Row
    started: list[int]
    finished: dict[int, int]
    sources: Counter[str]
    # CPU time by process over each phase (None where /proc is missing)
    play_usage: machine_time.Usage | None = None
    trivial_usage: machine_time.Usage | None = None

    @property
    def errors(self) -> list[str]:
        return self.play.errors + self.start.errors + self.trivial.errors

    @property
    def throughput_ratio(self) -> float:
        """Play over trivial requests per second: the issue's target is at least 0.5."""
        if not self.play.latencies or not self.trivial.latencies:
            return math.nan
        return self.play.per_second / self.trivial.per_second


def _merged(tallies: list[Tally], attribute: str) -> list[Any]:
    return [item for tally in tallies for item in getattr(tally, attribute)]


def player_address(number: int) -> dict[str, str]:
    """The X-Forwarded-For our pretend proxy would write for the ``number``-th player of the
    run: every player of every count has an address of its own."""
    return {"X-Forwarded-For": str(FIRST_PLAYER_ADDRESS + number)}


def measure(
    args: argparse.Namespace,
    server: Server,
    players: int,
    first_player: int,
    seed: int,
    stop: threading.Event,
) -> Results:
    """The play phase with ``players`` threads, then the trivial phase with as many."""
    port = server.port
    warm_up(port, players, stop)
    limits = Limits(time.monotonic() + args.seconds, stop)

    def player(i: int, client: Client, tally: Tally) -> None:
        rng = random.Random(f"{seed}-{players}-{i}")
        play_games(client, i, args.games_per_player, limits, rng, tally)

    before = machine_time.snapshot(server.pid)
    plays, play_elapsed = run_threads(
        players, port, player, stop, headers=lambda i: player_address(first_player + i)
    )
    play_usage = machine_time.spent(before, machine_time.snapshot(server.pid))

    # The trivial view gets as long as the plays took (a fixed request count would make its
    # phase last about a second: too short a window for a steady figure).
    window = min(max(play_elapsed, MIN_TRIVIAL_SECONDS), args.seconds)
    trivial_limits = Limits(time.monotonic() + window, stop)

    def pinger(i: int, client: Client, tally: Tally) -> None:
        hit_trivial(client, lambda: True, trivial_limits, tally)

    before = machine_time.snapshot(server.pid)
    pings, ping_elapsed = run_threads(players, port, pinger, stop)
    trivial_usage = machine_time.spent(before, machine_time.snapshot(server.pid))
    return Results(
        players=players,
        play=Row("play", _merged(plays, "latencies"), _merged(plays, "errors"), play_elapsed),
        warm=Row("play, warm", _merged(plays, "warm_latencies"), [], play_elapsed),
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
        play_usage=play_usage,
        trivial_usage=trivial_usage,
    )


def describe_sources(sources: Counter[str]) -> str:
    return ", ".join(f"{name} {count}" for name, count in sources.most_common()) or "none"


def report_count(results: Results) -> None:
    """One player count's table and figures (and its records for the report)."""
    play, warm, trivial, start = results.play, results.warm, results.trivial, results.start
    n = results.players
    print()
    print_table([play, trivial, start])
    if warm.latencies:
        print(
            f"play after warm-up: p50 {warm.p50_ms:.2f} ms, p99 {warm.p99_ms:.2f} ms "
            f"(all plays: p99 {play.p99_ms:.2f} ms); each player's first game left out, "
            f"{len(warm.latencies)} of {len(play.latencies)} plays kept"
        )
    else:
        print("play after warm-up: none (each player played one game, all of it warm-up)")
    if play.latencies and trivial.latencies:
        print(
            f"throughput play/trivial: {results.throughput_ratio:.2f}x   "
            f"p50 latency play/trivial: {play.p50_ms / trivial.p50_ms:.2f}x"
        )
        record_count(results)
        report_machine_time(results)
    else:
        print("no ratio: a phase completed no request")
    print(
        f"games: {len(results.started)} started, {len(results.finished)} finished; play phase "
        f"{play.elapsed:.1f}s (req/s of play and start_game both over its wall time), "
        f"trivial phase {trivial.elapsed:.1f}s"
    )
    print(f"prediction sources of the plays ({n} players): {describe_sources(results.sources)}")


def report_machine_time(results: Results) -> None:
    """The CPU time one request cost each process group, and what it means for the ratio."""
    play_usage, trivial_usage = results.play_usage, results.trivial_usage
    if play_usage is None or trivial_usage is None:
        return
    play = play_usage.per_request_ms(len(results.play.latencies) + len(results.start.latencies))
    trivial = trivial_usage.per_request_ms(len(results.trivial.latencies))
    print("machine time a request, CPU ms (every process on this machine's cores):")
    print(f"  {'':<8}" + "".join(f"{group:>16}" for group in [*machine_time.GROUPS, "total"]))
    for name, usage in (("play", play), ("trivial", trivial)):
        cells = [usage[group] for group in machine_time.GROUPS] + [sum(usage.values())]
        print(f"  {name:<8}" + "".join(f"{cell:>16.3f}" for cell in cells))
    # Were the server's own work for a play no more than for a trivial request, the rest (the
    # database, the cache, the load generator) would still bound the ratio at this.
    rest = sum(play.values()) - play["server"] - play["other"]
    ceiling = (sum(trivial.values()) - trivial["other"]) / (trivial["server"] + rest)
    print(
        f"  (a start_game counts as a play.) Were a play's server time no more than a trivial "
        f"request's, play/trivial would still be at most {ceiling:.2f}x"
    )
    # Below about 90%, something else held the plays back: the disk (each commit waits for its
    # log to be flushed) or the machine's host.
    cores = os.cpu_count() or 1
    busy = [
        sum(usage.seconds.values()) / (row.elapsed * cores)
        for usage, row in ((play_usage, results.play), (trivial_usage, results.trivial))
    ]
    print(
        f"  the {cores} cores were busy {busy[0]:.0%} of the play phase, "
        f"{busy[1]:.0%} of the trivial one"
    )
    record(
        f"play machine time, {results.players} players",
        sum(play.values()) - play["other"],
        unit="CPU ms",
        baseline=sum(trivial.values()) - trivial["other"],
        baseline_name="trivial view",
        note=(
            f"server {play['server']:.2f}, PostgreSQL {play['postgres']:.2f}, Redis "
            f"{play['redis']:.2f}, load generator {play['load generator']:.2f}; "
            f"ceiling of the ratio {ceiling:.2f}x"
        ),
    )


def record_count(results: Results) -> None:
    """Figures for the one report (bench/summary.py), each beside the trivial view's."""
    play, warm, trivial, n = results.play, results.warm, results.trivial, results.players
    record(
        f"play throughput, {n} players",
        play.per_second,
        unit="req/s",
        baseline=trivial.per_second,
        baseline_name="trivial view",
        note="target: at least 0.5x trivial",
    )
    # After warm-up when there is any (a smoke run's players play one game each).
    latencies, which = (warm, "after warm-up") if warm.latencies else (play, "all plays")
    record(
        f"play p50 latency {which}, {n} players",
        latencies.p50_ms,
        unit="ms",
        baseline=trivial.p50_ms,
        baseline_name="trivial view",
    )
    record(
        f"play p99 latency {which}, {n} players",
        latencies.p99_ms,
        unit="ms",
        baseline=trivial.p99_ms,
        baseline_name="trivial view",
        note=f"all plays {play.p99_ms:.1f} ms" if latencies is warm else "",
    )


def print_summary(runs: list[Results]) -> None:
    header = (
        f"{'players':>7} {'play req/s':>10} {'trivial req/s':>13} {'play/trivial':>12} "
        f"{'p50 warm ms':>11} {'p99 warm ms':>11} {'p99 all ms':>10}"
    )
    print(f"\nsummary (warm: each player's first game left out)\n{header}\n{'-' * len(header)}")
    for run in runs:
        print(
            f"{run.players:>7} {run.play.per_second:>10.1f} {run.trivial.per_second:>13.1f} "
            f"{run.throughput_ratio:>12.2f} {run.warm.p50_ms:>11.2f} {run.warm.p99_ms:>11.2f} "
            f"{run.play.p99_ms:>10.2f}"
        )


def check_sources(sources: Counter[str]) -> list[str]:
    """Problems with who answered the plays: every play should come from a model, except in
    the opening's gambit rounds, where no model is asked."""
    problems = []
    if sources.get("fallback"):
        problems.append(
            f"{sources['fallback']} play(s) answered by the fallback: a pinned model could not "
            "be loaded (see the gunicorn log's serving warnings)"
        )
    others = {name: count for name, count in sources.items() if name not in EXPECTED_SOURCES}
    others.pop("fallback", None)
    if others:
        problems.append(
            f"plays answered by {describe_sources(Counter(others))}: not by the trained models"
        )
    if sum(sources.values()) and not sources.get("model"):
        problems.append("no play was answered by a model")
    return problems


def all_sources(runs: list[Results]) -> Counter[str]:
    return sum((run.sources for run in runs), Counter())


def report(runs: list[Results], url: str) -> int:
    """The summary, the sources, the errors and the score check; the exit status."""
    if len(runs) > 1:
        print_summary(runs)
    sources = all_sources(runs)
    source_problems = check_sources(sources)
    print(f"\nprediction sources of all plays: {describe_sources(sources)}")
    for problem in source_problems:
        print(f"  FAILED: {problem}")
    errors = [error for run in runs for error in run.errors]
    print_errors(errors)
    finished = {game: rounds for run in runs for game, rounds in run.finished.items()}
    checked, problems = verify_scores(url, finished)
    if problems:
        print(f"\nscore check FAILED on {len(problems)} point(s):")
        for problem in problems[:MAX_ERRORS_SHOWN]:
            print(f"  {problem}")
    else:
        print(f"score check: {checked} finished bench game(s), scores equal their rounds' sums")
    return 1 if errors or problems or source_problems else 0


def run(args: argparse.Namespace) -> int:
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    database = database_name(url)
    state = play_models.state_dir(database)
    env = {**os.environ, "DATABASE_URL": url, **play_models.model_env(state)}
    bins = bin_dir()
    ensure_database(url)
    migrate(bins / "python", env)
    size = play_models.QUICK if args.quick else play_models.FULL
    print(f"models: the bench's own store in {state.relative_to(ROOT)}")
    models = play_models.ensure_models(
        bins / "python", env, url, state, size, lambda: migrate(bins / "python", env)
    )
    print(models.describe())
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    print(
        f"{','.join(map(str, args.players))} players x {args.games_per_player} games, "
        f"<= {args.seconds:g}s a phase; gunicorn {args.workers} workers x {args.threads} "
        f"threads; database {database}; seed {seed}"
    )
    if args.redis_url != "none" and redis_answering(args.redis_url):
        print(f"cache: Redis at {args.redis_url} (throttle counters, as in the full stack)")
        env = {**env, "REDIS_URL": args.redis_url}
    else:
        print("cache: the embedded default's file cache (no Redis answered)")
    runs: list[Results] = []
    with gunicorn(bins, env, args.workers, args.threads) as server:
        for players in args.players:
            print(f"\n=== {players} players")
            first_player = sum(run.players for run in runs)
            runs.append(measure(args, server, players, first_player, seed, threading.Event()))
            report_count(runs[-1])
        # The server's side of failed requests or of fallback answers (serving's warnings).
        server.show_log = any(run.errors for run in runs) or bool(check_sources(all_sources(runs)))
    status = report(runs, url)
    # After the server stopped: the in-process figures have the machine to themselves.
    cost = round_cost(bins / "python", env, rounds=30 if args.quick else 600)
    return status or cost


def round_cost(python: Path, env: dict[str, str], *, rounds: int) -> int:
    """One model round in process against the floor of any round (bench/play_round_cost.py,
    run with the benchmark's settings); prints its figures and the profile of model rounds."""
    print(f"\n=== one round in process ({rounds} model rounds, medians)")
    done = subprocess.run(
        [str(python), str(ROOT / "bench" / "play_round_cost.py"), "--rounds", str(rounds)],
        cwd=ROOT, env={**env, "LOG_LEVEL": "WARNING"}, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    lines = done.stdout.splitlines()
    result = next(
        (json.loads(line.removeprefix(play_round_cost.RESULT_PREFIX)) for line in lines
         if line.startswith(play_round_cost.RESULT_PREFIX)),
        None,
    )  # fmt: skip
    if done.returncode != 0 or result is None:
        print(done.stdout[-3000:] + done.stderr[-3000:])
        print("  FAILED: the in-process round cost did not run")
        return 1
    medians = result["medians_us"]
    model, orm, raw = medians["model round"], medians["floor (ORM)"], medians["floor (SQL)"]
    print(
        f"model round {model / 1000:.2f} ms; floor through the ORM {orm / 1000:.2f} ms, "
        f"as plain SQL {raw / 1000:.2f} ms; model round / ORM floor {model / orm:.2f}x"
    )
    print(f"prediction sources: {describe_sources(Counter(result['sources']))}")
    print("where model rounds spend their time (cProfile, own time):")
    print("\n".join(line for line in lines if not line.startswith(play_round_cost.RESULT_PREFIX)))
    record(
        "one model round in process, ms",
        model / 1000,
        unit="ms",
        baseline=orm / 1000,
        baseline_name="the same three statements through the ORM (floor)",
        note=f"as plain SQL {raw / 1000:.2f} ms; target: at most 2x the floor",
    )
    problems = check_sources(Counter(result["sources"]))
    for problem in problems:
        print(f"  FAILED: {problem}")
    return 1 if problems else 0


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
