"""Run every benchmark of bench/ in turn (`make bench`): each ``*_benchmark.py`` file, in name
order, as its own process, with the arguments given here (e.g. ``--quick``). A new benchmark
needs no registration: name it ``<topic>_benchmark.py`` and give it the same flags it needs.

Exit status: 0 when every benchmark exited 0, else 1 (after running all of them).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def benchmarks() -> list[Path]:
    return sorted(BENCH_DIR.glob("*_benchmark.py"))


def main(argv: list[str]) -> int:
    scripts = benchmarks()
    if not scripts:
        print("no *_benchmark.py in bench/", file=sys.stderr)
        return 1
    outcomes: list[tuple[str, int, float]] = []
    for script in scripts:
        print(f"=== {script.name} {' '.join(argv)}".rstrip(), flush=True)
        started = time.monotonic()
        try:
            code = subprocess.run(
                [sys.executable, str(script), *argv], cwd=BENCH_DIR.parent, check=False
            ).returncode
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return 130
        outcomes.append((script.name, code, time.monotonic() - started))
        print(flush=True)
    print("=== summary")
    for name, code, seconds in outcomes:
        print(f"{'ok' if code == 0 else f'FAILED ({code})':<12} {name} ({seconds:.0f}s)")
    return 0 if all(code == 0 for _, code, _ in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
