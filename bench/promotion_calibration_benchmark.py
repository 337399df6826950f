"""Promotion calibration benchmark: how often does each decision method swap Production and B
when they are equally good (A/A), and how fast does it swap when B is really better?

    .venv/bin/python bench/promotion_calibration_benchmark.py            # 2000 experiments
    .venv/bin/python bench/promotion_calibration_benchmark.py --quick    # 200, a smoke run

Each experiment plays a since-swap window cycle by cycle: every cycle each slot gets a random
number of new games (2-6 by default, so samples are tiny early on) won by the bot with the
slot's true rate, and every method is asked, through ``promotion.stats.decide`` itself, for a
decision on the cumulative counts, as the promotion cycle does. A method's experiment stops at
its first swap. All methods see the same games (common random numbers).

- A/A (both slots at 0.6, 50 cycles): any swap is a false swap. The rate of ``point`` is the
  original system's; ``sequential`` must stay at or below alpha.
- Power (Production 0.55, B 0.65, 200 cycles): the share of experiments that swap, and the
  games (both slots, since the swap) it took.
- Both again with B given only ``--b-share`` (20%) of each cycle's games, as an installation
  with ``AB_B_SHARE=0.2`` runs: the same games a cycle, split by a coin of that share.

Exit status 1 when ``sequential``'s false-swap rate exceeds alpha by more than three Monte
Carlo standard errors (sqrt(alpha (1 - alpha) / experiments)). Needs no server or database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.provenance import commit, machine  # noqa: E402  (the root is on the path above)
from bench.summary import record  # noqa: E402

MEASURED = ("promotion/stats.py", "bench/promotion_calibration_benchmark.py")
from promotion.stats import (  # noqa: E402  (the project root is put on the path just above)
    METHODS,
    SEQUENTIAL,
    Comparison,
    SequentialEvidence,
    decide,
)

DEFAULT_SEED = 20251019
QUICK_EXPERIMENTS = 200
MC_SIGMAS = 3.0


@dataclass(frozen=True)
class Scenario:
    name: str
    production_rate: float
    b_rate: float
    cycles: int
    seed: int
    # B's share of each cycle's games; None: each slot draws its own count (an even split).
    b_share: float | None = None


@dataclass
class Outcome:
    """Per method: the cycle (1-based) and since-swap games of the first swap, None if none."""

    swaps_at: list[tuple[int, int] | None]


def windows(
    scenario: Scenario, experiments: int, games_low: int, games_high: int
) -> Iterator[list[Comparison]]:
    """The cumulative since-swap counts at each cycle of each simulated window."""
    rng = np.random.default_rng(scenario.seed)
    shape = (experiments, scenario.cycles)
    if scenario.b_share is None:
        production_games = rng.integers(games_low, games_high + 1, size=shape)
        b_games = rng.integers(games_low, games_high + 1, size=shape)
    else:
        # The same games a cycle as the even split, assigned to B by a coin of its share.
        games = rng.integers(2 * games_low, 2 * games_high + 1, size=shape)
        b_games = rng.binomial(games, scenario.b_share)
        production_games = games - b_games
    production_wins = rng.binomial(production_games, scenario.production_rate)
    b_wins = rng.binomial(b_games, scenario.b_rate)
    cumulative = [
        np.cumsum(a, axis=1) for a in (production_games, production_wins, b_games, b_wins)
    ]
    for i in range(experiments):
        pg, pw, bg, bw = (c[i].tolist() for c in cumulative)
        yield [Comparison(*row) for row in zip(pg, pw, bg, bw, strict=True)]


def first_swap(
    path: list[Comparison], method: str, alpha: float, min_games: int
) -> tuple[int, int] | None:
    evidence = SequentialEvidence()
    for cycle, comparison in enumerate(path, start=1):
        decision = decide(
            comparison,
            method=method,
            alpha=alpha,
            min_games=min_games,
            history=evidence if method == SEQUENTIAL else None,
        )
        if decision.swap:
            return cycle, comparison.total_games
        if decision.evidence is not None:
            evidence = decision.evidence
    return None


def run(
    scenario: Scenario, experiments: int, alpha: float, min_games: int, low: int, high: int
) -> tuple[dict[str, Outcome], int, float]:
    outcomes = {method: Outcome([]) for method in METHODS}
    calls = 0
    started = time.perf_counter()
    for path in windows(scenario, experiments, low, high):
        for method in METHODS:
            swap = first_swap(path, method, alpha, min_games)
            outcomes[method].swaps_at.append(swap)
            calls += swap[0] if swap else len(path)
    return outcomes, calls, time.perf_counter() - started


def median(values: list[int]) -> str:
    return f"{statistics.median(values):g}" if values else "-"


def censored_median(swaps: list[tuple[int, int] | None], index: int) -> str:
    """The median over all experiments, counting 'never swapped' as larger than any swap."""
    ordered = sorted(s[index] for s in swaps if s is not None)
    middle = (len(swaps) + 1) // 2  # 1-based position of the (lower) median
    return f"{ordered[middle - 1]:g}" if len(ordered) >= middle else "never"


def report_aa(
    aa: Scenario, split: str, experiments: int, args: argparse.Namespace, low: int, high: int
) -> bool:
    """The A/A table; whether sequential's false-swap rate is within alpha (and MC error)."""
    outcomes, calls, seconds = run(aa, experiments, args.alpha, args.min_games, low, high)
    se = math.sqrt(args.alpha * (1 - args.alpha) / experiments)
    bound = args.alpha + MC_SIGMAS * se
    print()
    print(
        f"A/A{split}: both slots win {aa.production_rate:g}, looked at every cycle for "
        f"{aa.cycles} cycles ({calls} decisions, {1e6 * seconds / calls:.0f} us each)"
    )
    print(f"{'method':<12}{'false swaps':>14}{'rate':>8}{'MC SE':>8}{'median cycle':>14}")
    rates: dict[str, float] = {}
    for method, outcome in outcomes.items():
        swaps = [s for s in outcome.swaps_at if s is not None]
        rate = len(swaps) / experiments
        rates[method] = rate
        rate_se = math.sqrt(rate * (1 - rate) / experiments)
        print(
            f"{method:<12}{f'{len(swaps)} / {experiments}':>14}{rate:>8.3f}{rate_se:>8.3f}"
            f"{median([s[0] for s in swaps]):>14}"
        )
    ok = rates[SEQUENTIAL] <= bound
    for method, rate in rates.items():
        if method != SEQUENTIAL:
            record(
                f"A/A false swaps{split}, sequential vs {method} ({aa.cycles} looks)",
                rates[SEQUENTIAL],
                baseline=rate,
                baseline_name=method,
                note=f"alpha {args.alpha:g}",
            )
    print(
        f"sequential: {rates[SEQUENTIAL]:.3f} {'<=' if ok else '>'} alpha + {MC_SIGMAS:g} MC SE "
        f"= {args.alpha:g} + {MC_SIGMAS:g} x {se:.4f} = {bound:.4f} -> {'ok' if ok else 'FAILED'}"
    )
    return ok


def report_power(
    power: Scenario, split: str, experiments: int, args: argparse.Namespace, low: int, high: int
) -> None:
    outcomes, calls, seconds = run(power, experiments, args.alpha, args.min_games, low, high)
    print()
    print(
        f"Power{split}: Production wins {power.production_rate:g}, B wins {power.b_rate:g}, up "
        f"to {power.cycles} cycles ({calls} decisions, {1e6 * seconds / calls:.0f} us each)"
    )
    print(
        f"{'method':<12}{'swapped':>9}{'power':>8}{'median games':>14}{'median cycles':>15}"
        f"{'median games (all)':>20}"
    )
    for method, outcome in outcomes.items():
        swaps = [s for s in outcome.swaps_at if s is not None]
        record(
            f"power{split}, {method}",
            len(swaps) / experiments,
            note=f"B {power.b_rate:g} vs {power.production_rate:g}",
        )
        print(
            f"{method:<12}{len(swaps):>9}{len(swaps) / experiments:>8.3f}"
            f"{median([s[1] for s in swaps]):>14}{median([s[0] for s in swaps]):>15}"
            f"{censored_median(outcome.swaps_at, 1):>20}"
        )
    print(
        "games = since-swap games of both slots at the first swap; 'median games' is over the "
        "experiments that swapped, '(all)' counts the others as never"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--experiments", type=int, default=2000)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_EXPERIMENTS} experiments")
    parser.add_argument("--alpha", type=float, default=0.05)
    parser.add_argument("--min-games", type=int, default=3)
    parser.add_argument("--aa-rate", type=float, default=0.6, help="both slots' rate in A/A")
    parser.add_argument("--aa-cycles", type=int, default=50)
    parser.add_argument("--power-rates", type=float, nargs=2, default=(0.55, 0.65))
    parser.add_argument("--power-cycles", type=int, default=200)
    parser.add_argument("--games", type=int, nargs=2, default=(2, 6), metavar=("LOW", "HIGH"))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--b-share", type=float, default=0.2, help="B's share in the uneven-split scenarios"
    )
    args = parser.parse_args(argv)
    experiments = QUICK_EXPERIMENTS if args.quick else args.experiments
    low, high = args.games
    if experiments < 1 or not 1 <= low <= high:
        parser.error("need at least one experiment and 1 <= LOW <= HIGH")
    if not 0.0 < args.b_share < 1.0:
        parser.error("--b-share must be strictly between 0 and 1")

    aa = Scenario("A/A", args.aa_rate, args.aa_rate, args.aa_cycles, args.seed)
    power = Scenario("power", *args.power_rates, args.power_cycles, args.seed + 1)
    print("Promotion calibration benchmark (bench/promotion_calibration_benchmark.py)")
    print(f"date {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; commit {commit(*MEASURED)}")
    print(f"machine: {machine()}, numpy {np.__version__}")
    print(
        f"alpha {args.alpha:g}, min_games {args.min_games}, {experiments} experiments per "
        f"scenario, {low}-{high} new games per slot per cycle (uniform); "
        f"seeds {aa.seed} (A/A), {power.seed} (power)"
    )

    ok = True
    for share in (None, args.b_share):
        split = "" if share is None else f", B {share:.0%} of the games"
        ok &= report_aa(replace(aa, b_share=share), split, experiments, args, low, high)
        report_power(replace(power, b_share=share), split, experiments, args, low, high)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
