"""Private servers that fault tests may stop, kill and restart: PostgreSQL, Redis, an MLflow
server and a Celery worker, each a real process on a free loopback port.

The shared PostgreSQL (5432) and Redis (6379) serve every other engineer's tests; a fault test
never touches them. Each helper here is a context manager that starts its process, hands back
an object to hurt it with, and cleans up whatever state the test left it in.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any, Protocol, TypeVar

import pytest

from tests.integration.servers import ROOT, free_port
from tests.unavailable import part_unavailable

T = TypeVar("T")


def wait_until(check: Callable[[], T], *, timeout: float, what: str, every: float = 0.1) -> T:
    """Poll ``check`` until it returns something truthy; fail the test after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(every)


def _require(binary: str) -> str:
    found = shutil.which(binary)
    if found is None:
        part_unavailable(f"{binary} is not installed: this fault test needs a private server")
    return found


def _kill_group(process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    """Signal a process started with ``start_new_session`` and everything it forked."""
    if process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


class _Server(Protocol):
    folder: Path

    def start(self) -> None: ...

    def kill(self) -> None: ...


ServerT = TypeVar("ServerT", bound=_Server)


def _temp_folder(kind: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"rpsweb-faults-{kind}-"))


@contextmanager
def _running(server: ServerT) -> Iterator[ServerT]:
    """Start ``server``; whatever the test did to it, kill it and remove its folder after."""
    try:
        server.start()
        yield server
    finally:
        server.kill()
        shutil.rmtree(server.folder, ignore_errors=True)


# --- HTTP as a player sees it --------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Browser:
    """One player's HTTP client: keeps its session cookie, returns every status as a Reply."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def request(
        self, method: str, path: str, payload: dict | None = None, *, timeout: float = 30
    ) -> Reply:
        data = json.dumps(payload).encode() if payload is not None else None
        headers = {"Content-Type": "application/json"} if payload is not None else {}
        request = urllib.request.Request(self.base + path, data, headers, method=method)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return Reply(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Reply(error.code, dict(error.headers), error.read())


def play_to_the_end(
    player: Browser, *, policy: str = "logan", move: str = "rock"
) -> tuple[int, list[int]]:
    """Start a game and play ``move`` until it ends or a request fails: the game's id (-1 when
    it could not start) and the status of every request, in order."""
    started = player.request("POST", "/api/v1/games/", {"policy": policy})
    statuses = [started.status]
    if started.status != 201:
        return -1, statuses
    game_id = started.json()["id"]
    for round_no in range(1, 200):
        played = player.request(
            "POST", f"/api/v1/games/{game_id}/rounds/", {"move": move, "round": round_no}
        )
        statuses.append(played.status)
        if played.status != 201 or played.json()["game"]["status"] == "finished":
            break
    return game_id, statuses


# --- PostgreSQL ------------------------------------------------------------------------------


def _as_postgres(command: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root; run them as the postgres user then."""
    if os.geteuid() != 0:
        return command
    return [_require("runuser"), "-u", "postgres", "--", *command]


@dataclass
class PrivatePostgres:
    folder: Path
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(
            _as_postgres([_require("pg_ctl"), "-D", str(self.data), *args]),
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off"
        )
        self._pg_ctl("-o", options, "-l", str(self.folder / "postgres.log"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        """``fast`` ends every session (a clean shutdown); ``immediate`` is a crash."""
        self._pg_ctl("-m", mode, "-w", "stop")

    def restart(self, mode: str = "fast") -> None:
        self.stop(mode)
        self.start()

    def create_database(self, name: str) -> str:
        self.sql("postgres", f'CREATE DATABASE "{name}"')
        return self.url(name)

    def sql(self, database: str, statement: str, *params: object) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as connection:
            cursor = connection.execute(statement, params or None)
            return cursor.fetchall() if cursor.description else []


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """A throwaway PostgreSQL cluster (trust auth, no fsync) on a free port."""
    initdb = _require("initdb")
    _require("pg_ctl")
    folder = _temp_folder("pg")
    if os.geteuid() == 0:
        shutil.chown(folder, user="postgres")
    server = PrivatePostgres(folder=folder, port=free_port())
    subprocess.run(
        _as_postgres(
            [initdb, "-D", str(server.data), "-A", "trust", "-U", "postgres", "--no-sync"]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    try:
        server.start()
        yield server
    finally:
        with suppress(subprocess.CalledProcessError):  # already stopped by the test
            server.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


def migrate(database_url: str, var_dir: Path) -> None:
    """Create the schema in a database the test runner does not manage."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url, "RPSWEB_VAR_DIR": str(var_dir)},
        check=True,
        capture_output=True,
        timeout=180,
    )


# --- Redis -----------------------------------------------------------------------------------


@dataclass
class PrivateRedis:
    folder: Path
    port: int
    process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        log = (self.folder / "redis.log").open("ab")
        self.process = subprocess.Popen(
            [
                _require("redis-server"),
                *f"--port {self.port} --bind 127.0.0.1 --appendonly no".split(),
                *("--save", "", "--dir", str(self.folder)),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until(self.ping, timeout=20, what=f"redis on port {self.port}")

    def ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def kill(self) -> None:
        """SIGKILL: a crash, nothing saved (the server keeps nothing on disk anyway)."""
        if self.process is not None:
            _kill_group(self.process)


@contextmanager
def private_redis() -> Iterator[PrivateRedis]:
    _require("redis-server")
    with _running(PrivateRedis(folder=_temp_folder("redis"), port=free_port())) as server:
        yield server


# --- MLflow ----------------------------------------------------------------------------------


@dataclass
class MlflowServer:
    folder: Path
    port: int
    process: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        mlflow = Path(sys.executable).parent / "mlflow"
        if not mlflow.exists():
            part_unavailable("the mlflow command is not installed in the virtualenv")
        log = (self.folder / "mlflow.log").open("ab")
        # --serve-artifacts: artifacts go through the server too, so killing it cuts both.
        self.process = subprocess.Popen(
            [
                str(mlflow),
                *f"server --host 127.0.0.1 --port {self.port} --workers 1".split(),
                *("--backend-store-uri", f"sqlite:///{self.folder / 'mlflow.db'}"),
                *("--serve-artifacts", "--artifacts-destination", str(self.folder / "artifacts")),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, "MLFLOW_SKIP_PIP_REQUIREMENTS_CHECK": "true"},
        )
        wait_until(self.healthy, timeout=90, what="the MLflow server", every=0.3)

    def healthy(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            log = (self.folder / "mlflow.log").read_text(errors="replace")
            pytest.fail(f"the MLflow server exited:\n{log[-3000:]}")
        try:
            with urllib.request.urlopen(f"{self.uri}/health", timeout=1):
                return True
        except OSError:
            return False

    def kill(self) -> None:
        if self.process is not None:
            _kill_group(self.process)


@contextmanager
def mlflow_server(template_db: Path | None = None) -> Iterator[MlflowServer]:
    """An ``mlflow server`` with its own SQLite store; ``template_db``, an empty store that is
    already migrated, saves the server most of its start-up time."""
    folder = _temp_folder("mlflow")
    if template_db is not None:
        shutil.copyfile(template_db, folder / "mlflow.db")
    with _running(MlflowServer(folder=folder, port=free_port())) as server:
        yield server


# --- a Celery worker -------------------------------------------------------------------------


@dataclass
class Worker:
    process: subprocess.Popen
    log_path: Path
    queue: str
    seen: list[str] = field(default_factory=list)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def pool_pids(self) -> list[int]:
        """The prefork pool's processes: the ones that run tasks."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        return [int(p) for p in children.read_text().split()] if children.exists() else []

    def kill_pool(self) -> list[int]:
        """SIGKILL every pool process, as the kernel's OOM killer would: the main process
        sees its child die, and the task (acks_late, reject_on_worker_lost) is queued again."""
        pids = self.pool_pids()
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        return pids

    def kill_all(self) -> None:
        """SIGKILL the worker and its pool, as when its container or machine dies: nothing
        is acknowledged or rejected, the broker keeps the message until its visibility
        timeout."""
        _kill_group(self.process)


@contextmanager
def celery_worker(tmp_path: Path, *, queue: str, **env: str) -> Iterator[Worker]:
    """``celery -A rpsweb worker`` (prefork, one process) on ``queue`` alone, with ``env``
    (at least DATABASE_URL and REDIS_URL) on top of this process's environment."""
    log_path = tmp_path / f"worker-{queue}.log"
    process = subprocess.Popen(
        [
            sys.executable,
            *"-m celery -A rpsweb worker --pool prefork --concurrency 1 --loglevel INFO".split(),  # noqa: SIM905
            *"--without-gossip --without-mingle --without-heartbeat".split(),  # noqa: SIM905
            *("--queues", queue, "--hostname", f"{queue}@%h"),
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "MLFLOW_SKIP_PIP_REQUIREMENTS_CHECK": "true",
            "LOG_FORMAT": "text",
            **env,
        },
        stdout=log_path.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    worker = Worker(process=process, log_path=log_path, queue=queue)
    try:

        def ready() -> bool:
            if process.poll() is not None:
                pytest.fail(f"the Celery worker exited:\n{worker.log()[-3000:]}")
            return " ready." in worker.log()

        wait_until(ready, timeout=90, what="the Celery worker", every=0.2)
        yield worker
    finally:
        _kill_group(process, signal.SIGTERM)


def send_task(broker_url: str, name: str, *args: object, queue: str) -> str:
    """Send a task by name through ``broker_url`` (not the test process's own broker)."""
    from celery import Celery

    # Not the current app: a shared task sent later by another test (``task.delay()``) must go
    # to that process's own broker, not to this private one, which the test has since stopped.
    sender = Celery("fault-tests", broker=broker_url, set_as_current=False)
    sender.conf.broker_connection_retry_on_startup = True
    try:
        return sender.send_task(name, args=list(args), queue=queue).id
    finally:
        sender.close()
