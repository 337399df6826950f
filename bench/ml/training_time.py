"""Section (c): training time of train_candidate (all three steps) per family and size."""

from __future__ import annotations

import time

from bench.ml.common import Bench, heading, load, say, table
from bench.summary import record
from core.vocabulary import FAMILIES


def section_training(bench: Bench) -> None:
    heading("(c) training time: train_candidate (all three steps) per family and data size")
    from bench.ml.data import first_rows
    from training.learning.pipeline import train_candidate

    say(
        "one run per cell (five fits: step 1, step 2, three CV folds); rows = feature rows "
        "after the gambits; the oldest whole games of the interleaved data set"
    )
    say()
    out = []
    for size in bench.sizes.train_sizes:
        subset = first_rows(bench.data_with(size), size)
        for family in FAMILIES:
            started = time.perf_counter()
            candidate = train_candidate(family=family, data=subset.data, seed=bench.seed)
            seconds = time.perf_counter() - started
            out.append(
                [
                    family,
                    f"{len(subset):,}",
                    f"{subset.data.games:,}",
                    f"{seconds:.1f}",
                    f"{len(subset) / seconds:,.0f}",
                    f"{candidate.metrics['holdout_accuracy']:.3f}",
                ]
            )
            say(f"  {family} at {len(subset):,} rows: {seconds:.1f}s ({load()})")
            record(f"{family}: training time at {len(subset):,} rows", seconds, unit="s")
    say()
    table(["family", "rows", "games", "seconds", "rows/s", "hold-out acc"], out)
