"""Where a phase's machine time goes: the CPU seconds the server, PostgreSQL, Redis and the load
generator spent, read from /proc before and after the phase (Linux; elsewhere, nothing).

On a machine where all of them share the same cores, requests a second are bounded by the CPU
time one request costs across all of them, so this is the profile that says what a ratio of
throughputs can reach: a play's database time alone is more than a whole trivial request.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
GROUPS = ("server", "postgres", "redis", "load generator", "other")


@dataclass(frozen=True)
class Usage:
    """CPU seconds by group, over some stretch of time."""

    seconds: dict[str, float]

    def per_request_ms(self, requests: int) -> dict[str, float]:
        if requests <= 0:
            return {}
        return {group: s * 1000 / requests for group, s in self.seconds.items()}

    def __sub__(self, earlier: Usage) -> Usage:
        return Usage(
            {g: self.seconds.get(g, 0.0) - earlier.seconds.get(g, 0.0) for g in self.seconds}
        )


def _group(pid: int, parent: int, command: str, server_pid: int) -> str:
    if server_pid in (pid, parent):
        return "server"
    if command in ("postgres", "postmaster"):
        return "postgres"
    if command.startswith("redis-server"):
        return "redis"
    if pid == os.getpid():
        return "load generator"
    return "other"


def snapshot(server_pid: int) -> Usage | None:
    """CPU seconds spent so far by each group (take both snapshots while the server runs: its
    own time leaves with it); None where there is no /proc."""
    if not (PROC / "self" / "stat").exists():
        return None
    tick = os.sysconf("SC_CLK_TCK")
    seconds = dict.fromkeys(GROUPS, 0.0)
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        # "pid (command) state ppid ...": the command may hold spaces and parentheses.
        command = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        # A process's own time and its reaped children's: a PostgreSQL backend or a gunicorn
        # worker that exits mid-phase moves its time to its parent instead of losing it.
        ticks = sum(int(fields[i]) for i in (11, 12, 13, 14))
        group = _group(int(entry.name), int(fields[1]), command, server_pid)
        seconds[group] += ticks / tick
    return Usage(seconds)


def spent(before: Usage | None, after: Usage | None) -> Usage | None:
    return None if before is None or after is None else after - before
