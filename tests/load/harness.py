"""The pieces of a load run: players that play whole games over HTTP, a Celery worker in its own
process, and resident-memory readings of processes from /proc."""

from __future__ import annotations

import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
POLICIES = ("brian", "forrest", "logan", "brian_easy")
MOVES = ("rock", "paper", "scissors")
MAX_ROUNDS = 200


@dataclass
class Tally:
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    finished: dict[int, int] = field(default_factory=dict)  # game id -> rounds the player saw
    lock: threading.Lock = field(default_factory=threading.Lock)

    def failed(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


def _post(conn: http.client.HTTPConnection, path: str, payload: dict) -> tuple[int, dict]:
    conn.request(
        "POST", path, body=json.dumps(payload), headers={"Content-Type": "application/json"}
    )
    response = conn.getresponse()
    raw = response.read()
    try:
        return response.status, json.loads(raw) if raw else {}
    except ValueError:
        return response.status, {"_raw": raw[:200].decode(errors="replace")}


def play_until(base: str, index: int, stop: threading.Event, tally: Tally) -> None:
    """One player: whole games, one after another, until ``stop`` is set (the game in hand is
    then left unfinished, which is allowed)."""
    netloc = urlsplit(base).netloc
    rng = random.Random(index)
    conn = http.client.HTTPConnection(netloc, timeout=60)
    session_id = ""
    try:
        while not stop.is_set():
            start = {"player_name": f"load-{index}", "policy": rng.choice(POLICIES)}
            if session_id:
                start["session_id"] = session_id
            status, body = _post(conn, "/start_game", start)
            with tally.lock:
                tally.requests += 1
            if status != 200:
                tally.failed(f"start_game {status}: {str(body)[:160]}")
                return
            session_id, game_id = body["session_id"], body["game_id"]
            for played in range(1, MAX_ROUNDS + 1):
                if stop.is_set():
                    return
                move = {
                    "game_id": game_id,
                    "user_move": rng.choice(MOVES),
                    "session_id": session_id,
                }
                status, body = _post(conn, "/play", move)
                with tally.lock:
                    tally.requests += 1
                if status != 200:
                    tally.failed(f"play {status}: {str(body)[:160]}")
                    return
                if body.get("finished"):
                    with tally.lock:
                        tally.finished[game_id] = played
                    break
    except (OSError, http.client.HTTPException) as error:
        tally.failed(f"player {index}: {error!r}")
    finally:
        conn.close()


@contextmanager
def celery_worker(tmp_path: Path, queue: str, env: dict[str, str]) -> Iterator[int]:
    """``celery worker`` in a process of its own (so its memory can be read), on ``queue``."""
    log = (tmp_path / "worker.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "rpsweb", "worker", "--pool", "solo",
            "--queues", queue, "--loglevel", "WARNING", "--without-mingle", "--without-gossip",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def rss_mib(pid: int) -> float:
    """Resident memory of one process in MiB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def wait_for_file(path: Path, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().strip():
            return path.read_text().strip()
        time.sleep(0.1)
    raise TimeoutError(f"{path} did not appear")
