"""Rollback calibration: how often does the automatic rollback undo a swap whose new Production
is as good as the model it replaced, and how fast does it undo one that is worse?

    .venv/bin/python bench/promotion_rollback_benchmark.py            # 2000 experiments
    .venv/bin/python bench/promotion_rollback_benchmark.py --quick    # 200, a smoke run

Each experiment is one probation, played cycle by cycle as the promotion cycle sees it: the
old model's window (its games and wins as Production before the swap) is drawn at its true
rate, then every cycle the new Production plays 2-12 more games at its own true rate and
``promotion.rollback.rollback_check`` itself is asked, on the since-swap counts, until the
probation's games are played or it rolls back.

- A/A (new = old, at several rates and window sizes): every rollback is a false one. The
  baseline, in the same run on the same games, is the rule an operator might write by hand:
  roll back when a one-sided z-test of the new rate against the old window's rate says worse
  at alpha, looked at every cycle.
- Power (old 0.6 over 300 games; new 5, 10 and 20 points worse): the share rolled back within
  the probation and the new Production's games at the rollback.

Exit status 1 when any A/A false-rollback rate exceeds alpha by more than three Monte Carlo
standard errors. Needs no server or database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.provenance import commit, machine  # noqa: E402  (the root is on the path above)
from bench.summary import record  # noqa: E402
from promotion.rollback import Probation, rollback_check  # noqa: E402

MEASURED = ("promotion/rollback.py", "bench/promotion_rollback_benchmark.py")
DEFAULT_SEED = 20261207
QUICK_EXPERIMENTS = 200
MC_SIGMAS = 3.0


@dataclass(frozen=True)
class Scenario:
    name: str
    old_rate: float
    new_rate: float
    window_games: int


@dataclass(frozen=True)
class Outcome:
    rolled_back_at: list[int | None]  # the new Production's games at the rollback, per experiment
    naive_rolled_back_at: list[int | None]
    seconds_per_check: float


def _naive_rolls_back(
    wins: int, games: int, window_wins: int, window_games: int, alpha: float
) -> bool:
    """A z-test of the new rate against the old window's point estimate, one-sided (worse)."""
    old = window_wins / window_games
    if games == 0 or old in (0.0, 1.0):
        return False
    z = (wins / games - old) / math.sqrt(old * (1.0 - old) / games)
    return 0.5 * math.erfc(-z / math.sqrt(2.0)) < alpha


def run(
    scenario: Scenario, *, experiments: int, probation: int, alpha: float, seed: int
) -> Outcome:
    rng = np.random.default_rng(seed)
    found: list[int | None] = []
    naive: list[int | None] = []
    checks, spent = 0, 0.0
    for _ in range(experiments):
        window_wins = int(rng.binomial(scenario.window_games, scenario.old_rate))
        probation_of = Probation(
            swap_event_id=1,
            promoted=2,
            demoted=1,
            reference_games=scenario.window_games,
            reference_wins=window_wins,
            probation_games=probation,
        )
        outcomes = rng.random(probation + 12) < scenario.new_rate
        games, at, naive_at = 0, None, None
        while games < probation and (at is None or naive_at is None):
            games += int(rng.integers(2, 13))
            wins = int(outcomes[:games].sum())
            if at is None:
                started = time.perf_counter()
                verdict = rollback_check(probation_of, games=games, wins=wins, alpha=alpha)
                spent += time.perf_counter() - started
                checks += 1
                if verdict.roll_back:
                    at = games
            if naive_at is None and _naive_rolls_back(
                wins, games, window_wins, scenario.window_games, alpha
            ):
                naive_at = games
        found.append(at)
        naive.append(naive_at)
    return Outcome(found, naive, spent / max(checks, 1))


def _rate(at: list[int | None]) -> float:
    return sum(a is not None for a in at) / len(at)


def _median(at: list[int | None]) -> str:
    done = [a for a in at if a is not None]
    return f"{statistics.median(done):g}" if done else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--experiments", type=int, default=2000)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_EXPERIMENTS} experiments")
    parser.add_argument("--alpha", type=float, default=0.05)
    parser.add_argument("--probation", type=int, default=1000, help="the new Production's games")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    experiments = QUICK_EXPERIMENTS if args.quick else args.experiments
    alpha = args.alpha
    margin = MC_SIGMAS * math.sqrt(alpha * (1.0 - alpha) / experiments)

    print("Rollback calibration benchmark (bench/promotion_rollback_benchmark.py)")
    print(f"date {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; commit {commit(*MEASURED)}")
    print(f"machine: {machine()}")
    print(
        f"alpha {alpha:g}, {experiments} experiments per scenario, probation {args.probation} "
        f"games, 2-12 new games a cycle; seed {args.seed}"
    )

    print("\nA/A: the new Production as good as the old one; every rollback is false")
    print(
        f"{'old rate':>8} {'window':>7} {'rollback':>9} {'naive z-test':>13} "
        f"{'MC SE':>6} {'us/check':>9}"
    )
    worst, worst_naive, ok = 0.0, 0.0, True
    for index, (rate, window) in enumerate(
        (r, w) for r in (0.5, 0.6, 0.85) for w in (100, 300, 1000)
    ):
        outcome = run(
            Scenario(f"A/A {rate} {window}", rate, rate, window),
            experiments=experiments,
            probation=args.probation,
            alpha=alpha,
            seed=args.seed + index,
        )
        false, naive = _rate(outcome.rolled_back_at), _rate(outcome.naive_rolled_back_at)
        worst, worst_naive = max(worst, false), max(worst_naive, naive)
        se = math.sqrt(alpha * (1.0 - alpha) / experiments)
        ok = ok and false <= alpha + margin
        print(
            f"{rate:>8g} {window:>7} {false:>9.3f} {naive:>13.3f} {se:>6.3f} "
            f"{1e6 * outcome.seconds_per_check:>9.1f}"
        )
    verdict = "ok" if ok else "FAILED"
    print(
        f"worst false-rollback rate {worst:.3f} <= alpha + 3 MC SE = {alpha + margin:.4f} -> "
        f"{verdict}"
    )
    record(
        f"A/A false rollbacks, worst of 9 conditions ({args.probation} games of probation)",
        worst,
        baseline=worst_naive,
        baseline_name="naive z-test against the old window's rate, every cycle",
        note=f"alpha {alpha:g}",
    )

    print("\nPower: the old model won 0.6 over 300 games; the new one is worse")
    print(f"{'new rate':>8} {'rolled back':>12} {'median games':>13} {'naive':>7}")
    for index, rate in enumerate((0.55, 0.5, 0.4)):
        outcome = run(
            Scenario(f"power {rate}", 0.6, rate, 300),
            experiments=experiments,
            probation=args.probation,
            alpha=alpha,
            seed=args.seed + 100 + index,
        )
        power = _rate(outcome.rolled_back_at)
        print(
            f"{rate:>8g} {power:>12.3f} {_median(outcome.rolled_back_at):>13} "
            f"{_rate(outcome.naive_rolled_back_at):>7.3f}"
        )
        record(f"rollback within the probation, new Production {rate:g} against 0.6", power)
    print(
        "median games = the new Production's games at the rollback, over the experiments that "
        "rolled back; naive = the hand-written z-test's share (it also rolls back a good model "
        "often, see A/A)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
