"""`make bench` keeps working: every benchmark of bench/ runs in its smoke mode (`--quick`) and
the one report gets a clean row for each. Smoke sizes say nothing about speed; the figures
come from the full run (docs/benchmarks.md). This is what would have caught a benchmark that
no longer starts, which nothing else in the suite runs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unavailable import part_unavailable

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.integration


def _postgres_listening() -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", 5432)) == 0


def test_every_benchmark_runs_quick_and_the_report_lists_each(tmp_path: Path) -> None:
    if not _postgres_listening():
        part_unavailable("the benchmarks measure PostgreSQL on 127.0.0.1:5432, not running here")
    report = tmp_path / "benchmarks.md"
    # Each benchmark keeps a database of its own and refuses the tests' one, and measures the
    # installation's settings, not the suite's.
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }

    done = subprocess.run(
        [sys.executable, "bench/run_all.py", "--quick", "--report", str(report)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip

    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
    text = report.read_text()
    benchmarks = sorted(path.stem for path in (ROOT / "bench").glob("*_benchmark.py"))
    assert len(benchmarks) >= 6
    for name in benchmarks:
        assert f"| {name} | 0 |" in text, f"{name} has no clean row in the report"
