"""ML benchmark: how good, how fast and how big the three model families are, in one run, on
training data built in memory (no database needed).

    .venv/bin/python bench/ml_benchmark.py                    # every section, full sizes
    .venv/bin/python bench/ml_benchmark.py --quick            # smoke run, about a minute
    .venv/bin/python bench/ml_benchmark.py --sections a,b --games 200

Sections:
  a  gauntlet: one candidate per family (training.learning.pipeline.train_candidate), its game
     win rate against each scripted opponent and uniform random (training.learning.gates.gauntlet),
     its next-move accuracy on the held-out human sessions, Dan's ceiling (the win rate of a bot
     told his exact move distribution), and per-opponent next-move accuracy (why it wins or loses);
  b  serving cost per round: ModelPredictor.predict (features + model) against predict_proba
     on the same prebuilt row, and the bare library call;
  c  training time of train_candidate (all three steps) per family at two data sizes;
  d  resident memory of a fresh process: Django set up, then the models loaded (4 a family,
     1 in --quick);
  e  the frontier: a perfect Bayesian reader of "Dan or uniform random" at several priors, its
     win rates against both (no in-game reading can beat it on these two opponents at once).

The exit status is 1 when a section failed (the others still run), 130 when interrupted.
Shortfalls against the targets are findings, not failures: they are marked in the tables.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

# Only the standard library above this line: the memory probe (a child process running this
# file) reads its first figure before anything heavy is imported.

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The sections' modules import their heavy libraries inside functions, like this file.
from bench.ml.common import (  # noqa: E402
    FULL,
    MB,
    QUICK,
    SECTIONS,
    Bench,
    Sizes,
    load,
    proc_field,
    say,
)
from bench.ml.frontier import section_frontier  # noqa: E402
from bench.ml.gauntlet import section_gauntlet  # noqa: E402
from bench.ml.memory import memory_probe, section_memory  # noqa: E402
from bench.ml.serving_cost import section_serving  # noqa: E402
from bench.ml.training_time import section_training  # noqa: E402

# --- the machine ----------------------------------------------------------------------------


def _git(*args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip()


def machine_header(argv: list[str]) -> None:
    import numpy
    import sklearn
    import torch
    import xgboost

    memory_kb = proc_field("/proc/meminfo", "MemTotal").split()[0]
    memory = f"{int(memory_kb) / MB:.1f} GiB" if memory_kb.isdigit() else "unknown"
    commit = _git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = _git("status", "--porcelain", "--untracked-files=no")
    say("# ML benchmark")
    say()
    say(f"date     {datetime.now(UTC).strftime('%Y-%m-%d %H:%M:%S UTC')}")
    say(f"command  {' '.join([Path(sys.argv[0]).as_posix(), *argv])}")
    say(f"commit   {commit}{' (plus uncommitted changes in the tree)' if dirty else ''}")
    say(
        f"machine  nproc {os.cpu_count()}, memory {memory}, "
        f"CPU {proc_field('/proc/cpuinfo', 'model name')}, {platform.system()} "
        f"{platform.release()}"
    )
    say(
        f"software Python {platform.python_version()}, numpy {numpy.__version__}, torch "
        f"{torch.__version__} ({torch.get_num_threads()} threads), xgboost {xgboost.__version__}, "
        f"scikit-learn {sklearn.__version__}"
    )
    say(f"threads  {thread_pools()}")
    say(f"now      {load()}")


def thread_pools() -> str:
    """The native thread pools (BLAS, OpenMP) loaded so far and their sizes: a family that
    does not pin its threads runs with these."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed"
    pools = sorted({f"{p['internal_api']} {p['num_threads']}" for p in threadpool_info()})
    return ", ".join(pools) or "none loaded"


# --- main -----------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: small sizes, ~1 minute")
    parser.add_argument(
        "--sections", default=",".join(SECTIONS), help="comma-separated, of a,b,c,d,e (default all)"
    )
    parser.add_argument("--games", type=int, default=None, help="gauntlet games per opponent")
    parser.add_argument(
        "--scripted-rows",
        type=int,
        default=None,
        help=f"scripted rows in the full data set (default {FULL.scripted_rows:,})",
    )
    parser.add_argument(
        "--no-human", action="store_true", help="train on scripted games only (an ablation)"
    )
    parser.add_argument("--seed", type=int, default=None, help="default: TRAINING_SEED")
    parser.add_argument("--memory-probe", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--libraries-first", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown or not sections:
        parser.error(f"--sections takes a comma-separated subset of {','.join(SECTIONS)}")
    args.sections = [s for s in SECTIONS if s in sections]
    if args.games is not None and args.games < 1:
        parser.error("--games must be at least 1")
    if args.scripted_rows is not None and args.scripted_rows < 1_000:
        parser.error("--scripted-rows must be at least 1000")
    return args


RUNNERS: dict[str, Callable[[Bench], None]] = {
    "a": section_gauntlet,
    "b": section_serving,
    "c": section_training,
    "d": section_memory,
    "e": section_frontier,
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.memory_probe is not None:
        return memory_probe(args.memory_probe, libraries_first=args.libraries_first)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rpsweb.settings")
    import django

    django.setup()
    from django.conf import settings

    base = QUICK if args.quick else FULL
    sizes = Sizes(
        scripted_rows=args.scripted_rows or base.scripted_rows,
        human_limit_sessions=base.human_limit_sessions,
        games=args.games or base.games,
        diagnostic_games=base.diagnostic_games,
        train_sizes=base.train_sizes,
        serving_calls=base.serving_calls,
        serving_warmup=base.serving_warmup,
        models_per_family=base.models_per_family,
    )
    bench = Bench(
        sizes=sizes,
        human=not args.no_human,
        seed=settings.TRAINING_SEED if args.seed is None else args.seed,
    )
    machine_header(argv)
    failed = []
    started = time.perf_counter()
    try:
        for section in args.sections:
            try:
                RUNNERS[section](bench)
            except Exception:
                traceback.print_exc()
                say(f"section ({section}) FAILED")
                failed.append(section)
    except KeyboardInterrupt:
        print("ml benchmark: interrupted", file=sys.stderr)
        return 130
    say()
    say(
        f"done in {time.perf_counter() - started:.0f}s; "
        + (f"FAILED sections: {', '.join(failed)}" if failed else "every section ran")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
