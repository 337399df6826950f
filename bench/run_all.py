"""Run every benchmark of bench/ in turn (`make bench`) and write one report, docs/benchmarks.md:
the machine, the commit and the date; a table of each benchmark's headline figures beside the
baseline it measured in the same run; and every benchmark's full output.

Each ``*_benchmark.py`` file runs in name order as its own process, with the arguments given
here (e.g. ``--quick``). A new benchmark needs no registration: name it ``<topic>_benchmark.py``,
accept the same flags, and hand its headline figures to ``bench.summary.record``.

    .venv/bin/python bench/run_all.py                   # the full run, writes docs/benchmarks.md
    .venv/bin/python bench/run_all.py --quick           # a smoke run, writes the report too,
                                                        # marked as not for quoting
    .venv/bin/python bench/run_all.py --report /tmp/b.md --only play,dashboards

Exit status: 0 when every benchmark exited 0, else 1 (after running all of them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.provenance import commit, machine  # noqa: E402  (the root is on the path above)
from bench.summary import SUMMARY_ENV  # noqa: E402

DEFAULT_REPORT = ROOT / "docs" / "benchmarks.md"


@dataclass(frozen=True)
class Outcome:
    name: str
    code: int
    seconds: float
    output: str


def benchmarks(only: set[str] | None = None) -> list[Path]:
    found = sorted(BENCH_DIR.glob("*_benchmark.py"))
    if only:
        found = [path for path in found if path.stem.removesuffix("_benchmark") in only]
    return found


def run_one(script: Path, argv: list[str], summary: Path) -> Outcome:
    """Run a benchmark, echoing its output as it comes and keeping it for the report."""
    started = time.monotonic()
    env = {**os.environ, SUMMARY_ENV: str(summary), "PYTHONUNBUFFERED": "1"}
    lines: list[str] = []
    with subprocess.Popen(
        [sys.executable, str(script), *argv],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            print(line, end="", flush=True)
            lines.append(line)
        code = process.wait()
    return Outcome(script.stem, code, time.monotonic() - started, "".join(lines))


def _number(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 1 else f"{value:,.1f}"
    return str(value)


def figures_table(figures: list[dict]) -> list[str]:
    lines = [
        "| benchmark | figure | ours | baseline (same run) | ours / baseline |",
        "| --- | --- | ---: | --- | ---: |",
    ]
    for figure in figures:
        value, baseline = figure["value"], figure.get("baseline")
        unit = f" {figure['unit']}" if figure.get("unit") else ""
        if baseline is None:
            base, ratio = "—", "—"
        else:
            base = f"{_number(baseline)}{unit} ({figure.get('baseline_name') or 'baseline'})"
            ratio = f"{value / baseline:.2f}" if baseline else "—"
        name = figure["figure"] + (f" — {figure['note']}" if figure.get("note") else "")
        bench = figure["benchmark"].removesuffix("_benchmark")
        lines.append(f"| {bench} | {name} | {_number(value)}{unit} | {base} | {ratio} |")
    return lines


def write_report(path: Path, argv: list[str], outcomes: list[Outcome], figures: list[dict]) -> None:
    quick = "--quick" in argv
    now = dt.datetime.now(dt.UTC)
    lines = [
        "# Benchmarks: the one report",
        "",
        "Written by `make bench` (`bench/run_all.py`); do not edit by hand. Each benchmark's own",
        "page in this folder explains its method and keeps earlier recordings.",
        "",
    ]
    if quick:
        lines += ["**A smoke run (`--quick`): small sizes, not for quoting.**", ""]
    lines += [
        f"- date: {now:%Y-%m-%d %H:%M} UTC",
        f"- machine: {machine()}; load average at the end {os.getloadavg()[0]:.1f}",
        f"- commit: {commit('bench', 'games', 'training', 'promotion', 'dashboards', 'rpsweb')}",
        f"- command: `python bench/run_all.py {' '.join(argv)}`",
        "",
        "Timings on this machine are noisy (2 cores shared with other work): read the ratios,",
        "which compare figures measured side by side in the same run.",
        "",
        "## Headline figures",
        "",
        *figures_table(figures),
        "",
        "## Runs",
        "",
        "| benchmark | exit status | seconds |",
        "| --- | ---: | ---: |",
        *(f"| {o.name} | {o.code} | {o.seconds:.0f} |" for o in outcomes),
        "",
        "## Full output",
        "",
    ]
    for outcome in outcomes:
        lines += [
            f"<details><summary>{outcome.name}</summary>",
            "",
            "```",
            outcome.output.rstrip(),
            "```",
            "",
            "</details>",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], add_help=True)
    parser.add_argument("--report", type=Path, default=DEFAULT_REPORT)
    parser.add_argument("--only", default="", help="comma-separated topics, e.g. play,ml")
    return parser.parse_known_args(argv)


def main(argv: list[str]) -> int:
    args, passed = parse_args(argv)
    only = {topic.strip() for topic in args.only.split(",") if topic.strip()} or None
    scripts = benchmarks(only)
    if not scripts:
        print("no matching *_benchmark.py in bench/", file=sys.stderr)
        return 1
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="rpsweb-bench-") as tmp:
        summary = Path(tmp) / "summary.jsonl"
        summary.touch()
        for script in scripts:
            print(f"=== {script.name} {' '.join(passed)}".rstrip(), flush=True)
            try:
                outcomes.append(run_one(script, passed, summary))
            except KeyboardInterrupt:
                print("interrupted", file=sys.stderr)
                return 130
            print(flush=True)
        figures = [json.loads(line) for line in summary.read_text().splitlines() if line]
    write_report(args.report, passed, outcomes, figures)
    print("=== summary")
    for outcome in outcomes:
        status = "ok" if outcome.code == 0 else f"FAILED ({outcome.code})"
        print(f"{status:<12} {outcome.name} ({outcome.seconds:.0f}s)")
    print(f"report: {args.report}")
    return 0 if all(outcome.code == 0 for outcome in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
