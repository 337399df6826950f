"""Headline figures a benchmark hands to the one report that `make bench` writes
(bench/run_all.py → docs/benchmarks.md). A benchmark run on its own records nothing: the report
asks for the figures by naming a file in RPSWEB_BENCH_SUMMARY, one JSON object per line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

SUMMARY_ENV = "RPSWEB_BENCH_SUMMARY"


def record(
    figure: str,
    value: float,
    *,
    unit: str = "",
    baseline: float | None = None,
    baseline_name: str = "",
    note: str = "",
) -> None:
    """One figure, with the baseline it was measured against in the same run, if any."""
    path = os.environ.get(SUMMARY_ENV)
    if not path:
        return
    line = {
        "benchmark": Path(sys.argv[0]).stem,
        "figure": figure,
        "value": value,
        "unit": unit,
        "baseline": baseline,
        "baseline_name": baseline_name,
        "note": note,
    }
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")
