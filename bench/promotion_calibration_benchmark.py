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
  games (both slots, since the swap) it took. Also the power within ``--per-slot`` (500) games
  per slot, issue 14's target, counted two ways: swapped before B's games passed 500, and
  before both slots' games together passed 1000 (the same at an even split; at a 20% share
  the first is about 2,500 games in all). The window is played on past 200 cycles for these
  two columns until B has surely played 500 games.
- Both again with B given only ``--b-share`` (20%) of each cycle's games, as an installation
  with ``AB_B_SHARE=0.2`` runs: the same games a cycle, split by a coin of that share.

``sequential`` is the method as configured by ``--horizon-games`` (``PROMOTION_HORIZON_GAMES``:
0, the default, for no look; 460 for the look that docs/benchmarks-promotion.md records). With a
look, ``sequential (no look)`` is the same running bet without it, for comparison.

Two reference rows, not methods the cycle can use, bet on the same blocks through
``promotion.evidence.block_log_factor``: ``oracle (knows the rates)`` bets on the true rates of
the power scenario (0.55 and 0.65) at every block: the fixed-alternative sequential probability
ratio test, the bet that grows the e-value fastest, which ``sequential`` can approach but not
expect to beat without knowing the rates (it is not a bound on every valid test's power at a
fixed number of games; docs/benchmarks-promotion.md); ``plug-in (before 12-07)`` is the
construction ``sequential`` used until 2026-12-07 (each slot's Laplace estimate).

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

MEASURED = (
    "promotion/stats.py",
    "promotion/evidence.py",
    "bench/promotion_calibration_benchmark.py",
)
NAME_WIDTH = 26  # wide enough for the reference rows' names
from promotion.evidence import (  # noqa: E402  (the project root is put on the path above)
    Comparison,
    SequentialEvidence,
    block_log_factor,
)
from promotion.stats import METHODS, SEQUENTIAL, decide  # noqa: E402

DEFAULT_SEED = 20251019
QUICK_EXPERIMENTS = 200
MC_SIGMAS = 3.0
NO_LOOK = "sequential (no look)"
ORACLE = "oracle (knows the rates)"
PLUG_IN = "plug-in (before 12-07)"
# How far past its expected number of cycles the window is played for B to reach --per-slot
# games at an uneven split (a binomial count: 30% more is many standard deviations).
CYCLES_MARGIN = 1.3


@dataclass(frozen=True)
class Scenario:
    name: str
    production_rate: float
    b_rate: float
    cycles: int
    seed: int
    # B's share of each cycle's games; None: each slot draws its own count (an even split).
    b_share: float | None = None
    # Cycles played beyond ``cycles`` (for the per-slot power), drawn after the first
    # ``cycles`` so that those stay the games earlier recordings used.
    extra_cycles: int = 0


@dataclass(frozen=True)
class Swap:
    cycle: int  # 1-based
    games: int  # since-swap games of both slots
    b_games: int


@dataclass
class Outcome:
    """Per method (or reference row): the first swap of each experiment, None if none."""

    swaps_at: list[Swap | None]


def windows(
    scenario: Scenario, experiments: int, games_low: int, games_high: int
) -> Iterator[list[Comparison]]:
    """The cumulative since-swap counts at each cycle of each simulated window."""
    rng = np.random.default_rng(scenario.seed)
    parts = [draw(rng, scenario, (experiments, scenario.cycles), games_low, games_high)]
    if scenario.extra_cycles:
        parts.append(
            draw(rng, scenario, (experiments, scenario.extra_cycles), games_low, games_high)
        )
    cumulative = [
        np.cumsum(np.concatenate([part[k] for part in parts], axis=1), axis=1) for k in range(4)
    ]
    for i in range(experiments):
        pg, pw, bg, bw = (c[i].tolist() for c in cumulative)
        yield [Comparison(*row) for row in zip(pg, pw, bg, bw, strict=True)]


def draw(
    rng: np.random.Generator,
    scenario: Scenario,
    shape: tuple[int, int],
    games_low: int,
    games_high: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each cycle's new (Production games, Production wins, B games, B wins)."""
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
    return production_games, production_wins, b_games, b_wins


def first_swap(
    path: list[Comparison], method: str, alpha: float, min_games: int, horizon_games: int = 0
) -> Swap | None:
    evidence = SequentialEvidence()
    for cycle, comparison in enumerate(path, start=1):
        decision = decide(
            comparison,
            method=method,
            alpha=alpha,
            min_games=min_games,
            history=evidence if method == SEQUENTIAL else None,
            horizon_games=horizon_games if method == SEQUENTIAL else None,
        )
        if decision.swap:
            return Swap(cycle, comparison.total_games, comparison.b_games)
        if decision.evidence is not None:
            evidence = decision.evidence
    return None


def laplace(wins: int, games: int) -> float:
    return (wins + 1.0) / (games + 2.0)


def reference_first_swap(
    path: list[Comparison], reference: str, alpha: float, min_games: int, rates: tuple[float, float]
) -> Swap | None:
    """The first swap of a reference row: the same blocks and swap rule as ``sequential``
    (a block closes once both slots have new games; swap once both slots have ``min_games``
    and the largest e-value so far exceeds 1/alpha), with other bets."""
    log_e = max_log_e = 0.0
    start = Comparison(0, 0, 0, 0)
    threshold = -math.log(alpha)
    needed = max(min_games, 1)
    for cycle, current in enumerate(path, start=1):
        if current.production_games > start.production_games and current.b_games > start.b_games:
            if reference == ORACLE:
                a, b = rates
            else:
                a = laplace(start.production_wins, start.production_games)
                b = laplace(start.b_wins, start.b_games)
            if b > a:
                log_e += block_log_factor(a, b, current.since(start))
                max_log_e = max(max_log_e, log_e)
            start = current
        if (
            current.production_games >= needed
            and current.b_games >= needed
            and max_log_e > threshold
        ):
            return Swap(cycle, current.total_games, current.b_games)
    return None


def run(
    scenario: Scenario,
    experiments: int,
    alpha: float,
    min_games: int,
    low: int,
    high: int,
    horizon_games: int,
) -> tuple[dict[str, Outcome], int, float]:
    names = (*METHODS, NO_LOOK, ORACLE, PLUG_IN) if horizon_games else (*METHODS, ORACLE, PLUG_IN)
    outcomes = {name: Outcome([]) for name in names}
    calls = 0
    seconds = 0.0
    rates = (scenario.production_rate, scenario.b_rate)
    if rates[1] <= rates[0]:
        # A/A: the oracle bets on the power scenario's rates, a fixed bet valid like any other.
        rates = (0.55, 0.65)
    for path in windows(scenario, experiments, low, high):
        started = time.perf_counter()
        for method in METHODS:
            swap = first_swap(path, method, alpha, min_games, horizon_games)
            outcomes[method].swaps_at.append(swap)
            calls += swap.cycle if swap else len(path)
        seconds += time.perf_counter() - started
        if horizon_games:
            outcomes[NO_LOOK].swaps_at.append(first_swap(path, SEQUENTIAL, alpha, min_games))
        for reference in (ORACLE, PLUG_IN):
            outcomes[reference].swaps_at.append(
                reference_first_swap(path, reference, alpha, min_games, rates)
            )
    return outcomes, calls, seconds


def median(values: list[int]) -> str:
    return f"{statistics.median(values):g}" if values else "-"


def censored_median(swaps: list[Swap | None]) -> str:
    """The median games over all experiments, counting 'never swapped' as more than any."""
    ordered = sorted(s.games for s in swaps if s is not None)
    middle = (len(swaps) + 1) // 2  # 1-based position of the (lower) median
    return f"{ordered[middle - 1]:g}" if len(ordered) >= middle else "never"


def report_aa(
    aa: Scenario, split: str, experiments: int, args: argparse.Namespace, low: int, high: int
) -> bool:
    """The A/A table; whether sequential's false-swap rate is within alpha (and MC error)."""
    outcomes, calls, seconds = run(
        aa, experiments, args.alpha, args.min_games, low, high, args.horizon_games
    )
    se = math.sqrt(args.alpha * (1 - args.alpha) / experiments)
    bound = args.alpha + MC_SIGMAS * se
    print()
    print(
        f"A/A{split}: both slots win {aa.production_rate:g}, looked at every cycle for "
        f"{aa.cycles} cycles ({calls} decisions, {1e6 * seconds / calls:.0f} us each)"
    )
    print(f"{'method':<{NAME_WIDTH}}{'false swaps':>14}{'rate':>8}{'MC SE':>8}{'median cycle':>14}")
    rates: dict[str, float] = {}
    for method, outcome in outcomes.items():
        swaps = [s for s in outcome.swaps_at if s is not None]
        rate = len(swaps) / experiments
        rates[method] = rate
        rate_se = math.sqrt(rate * (1 - rate) / experiments)
        print(
            f"{method:<{NAME_WIDTH}}{f'{len(swaps)} / {experiments}':>14}{rate:>8.3f}"
            f"{rate_se:>8.3f}{median([s.cycle for s in swaps]):>14}"
        )
    ok = rates[SEQUENTIAL] <= bound
    for method, rate in rates.items():
        if method in METHODS and method != SEQUENTIAL:
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
    per_slot = args.per_slot
    b_per_cycle = (low + high) / 2 if power.b_share is None else power.b_share * (low + high)
    lowest = low if power.b_share is None else 0
    # Enough cycles for B to reach per_slot games: surely at an even split (B gets at least
    # LOW a cycle), with CYCLES_MARGIN over the expectation at an uneven one.
    needed = (
        math.ceil(per_slot / lowest)
        if lowest
        else math.ceil(CYCLES_MARGIN * per_slot / b_per_cycle)
    )
    power = replace(power, extra_cycles=max(0, needed - power.cycles))
    outcomes, calls, seconds = run(
        power, experiments, args.alpha, args.min_games, low, high, args.horizon_games
    )
    short = sum(path[-1].b_games < per_slot for path in windows(power, experiments, low, high))
    print()
    print(
        f"Power{split}: Production wins {power.production_rate:g}, B wins {power.b_rate:g}, up "
        f"to {power.cycles} cycles ({calls} decisions, {1e6 * seconds / calls:.0f} us each; "
        f"played on to {power.cycles + power.extra_cycles} cycles for the last two columns)"
    )
    print(
        f"{'method':<{NAME_WIDTH}}{'swapped':>9}{'power':>8}{'median games':>14}"
        f"{'median cycles':>15}{'median games (all)':>20}"
        f"{f'<={per_slot} B games':>17}{f'<={2 * per_slot} games':>15}"
    )
    for method, outcome in outcomes.items():
        within = [s for s in outcome.swaps_at if s is not None and s.cycle <= power.cycles]
        within_set = {id(s) for s in within}
        by_b = sum(s is not None and s.b_games <= per_slot for s in outcome.swaps_at)
        by_total = sum(s is not None and s.games <= 2 * per_slot for s in outcome.swaps_at)
        if method in METHODS:
            note = f"B {power.b_rate:g} vs {power.production_rate:g}"
            record(f"power{split}, {method}", len(within) / experiments, note=note)
            record(
                f"power within {per_slot} B games{split}, {method}",
                by_b / experiments,
                note=note,
            )
        print(
            f"{method:<{NAME_WIDTH}}{len(within):>9}{len(within) / experiments:>8.3f}"
            f"{median([s.games for s in within]):>14}{median([s.cycle for s in within]):>15}"
            f"{censored_median([s if id(s) in within_set else None for s in outcome.swaps_at]):>20}"
            f"{by_b / experiments:>17.3f}{by_total / experiments:>15.3f}"
        )
    print(
        "games = since-swap games of both slots at the first swap; 'median games' is over the "
        f"experiments that swapped within {power.cycles} cycles, '(all)' counts the others as "
        f"never; the last two columns: the share that swapped before B's games passed "
        f"{per_slot}, and before both slots' games passed {2 * per_slot}"
        + (f"; {short} experiments ended before B reached {per_slot} games" if short else "")
    )
    print(
        f"{ORACLE}: a reference, not a method (told the true rates, it places the best "
        f"fixed bet); {PLUG_IN}: the sequential bets used until 2026-12-07"
        + (
            f"; sequential looks once at {args.horizon_games} games a slot, {NO_LOOK} is "
            "its running bet alone"
            if args.horizon_games
            else ""
        )
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
    parser.add_argument(
        "--per-slot", type=int, default=500, help="games per slot for the issue-14 power columns"
    )
    parser.add_argument(
        "--horizon-games",
        type=int,
        default=0,
        help="sequential's one look, games a slot (PROMOTION_HORIZON_GAMES; 0: no look)",
    )
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
    if args.horizon_games < 0:
        parser.error("--horizon-games must be at least 0")
    if args.per_slot < 1:
        parser.error("--per-slot must be at least 1")
    if not 0.0 < args.b_share < 1.0:
        parser.error("--b-share must be strictly between 0 and 1")

    aa = Scenario("A/A", args.aa_rate, args.aa_rate, args.aa_cycles, args.seed)
    production_rate, b_rate = args.power_rates
    power = Scenario("power", production_rate, b_rate, args.power_cycles, args.seed + 1)
    print("Promotion calibration benchmark (bench/promotion_calibration_benchmark.py)")
    print(f"date {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; commit {commit(*MEASURED)}")
    print(f"machine: {machine()}, numpy {np.__version__}")
    print(
        f"alpha {args.alpha:g}, min_games {args.min_games}, {experiments} experiments per "
        f"scenario, {low}-{high} new games per slot per cycle (uniform); horizon look at "
        f"{args.horizon_games or 'none'}; "
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
