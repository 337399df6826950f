"""What the sections of the ML benchmark share: sizes, output helpers and the data and
models built once per run. Standard library only at import time (the memory probe, a child
process, reads its first figure before anything heavy is imported)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.ml.data import BenchData
    from training.learning.families.adaptive import AdaptiveModel

SECTIONS = ("a", "b", "c", "d", "e")
SCRIPTED_TARGET = 0.85
MB = 1024 * 1024


@dataclass(frozen=True)
class Sizes:
    scripted_rows: int  # scripted rows of the full data set (human training rows come on top)
    human_limit_sessions: int | None  # sessions read from the human file (None: all)
    games: int  # gauntlet games per opponent
    diagnostic_games: int  # fresh games per opponent for the next-move accuracy table
    train_sizes: tuple[int, ...]
    serving_calls: int
    serving_warmup: int
    models_per_family: int  # models loaded at once in the memory section


FULL = Sizes(60_000, None, 100, 100, (10_000, 100_000), 5_000, 300, 4)
QUICK = Sizes(4_000, 12, 4, 8, (2_000, 6_000), 300, 30, 1)


# --- output ---------------------------------------------------------------------------------


def say(text: str = "") -> None:
    print(text, flush=True)


def heading(text: str) -> None:
    say()
    say(f"## {text}")
    say()


def table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first = f"{cells[0]:<{widths[0]}}"
        rest = [f"{cell:>{width}}" for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    say(line(header))
    say("-" * len(line(header)))
    for row in rows:
        say(line(row))


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} / {five:.2f} (1 / 5 min)"


def proc_field(path: str, name: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(name):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


# --- shared state: data and models, built once and only when a section needs them -----------


@dataclass
class Bench:
    sizes: Sizes
    human: bool
    seed: int
    _data: BenchData | None = None
    models: dict[str, AdaptiveModel] = field(default_factory=dict)

    @property
    def data(self) -> BenchData:
        if self._data is None:
            from bench.ml import data as ml_data

            started = time.perf_counter()
            self._data = ml_data.build(
                scripted_rows=self.sizes.scripted_rows,
                human=self.human,
                human_limit_sessions=self.sizes.human_limit_sessions,
            )
            say(f"data set: {self._data.describe()}, built in {time.perf_counter() - started:.1f}s")
        return self._data

    def data_with(self, rows: int) -> BenchData:
        """At least ``rows`` rows: the full data set, or a bigger one with more scripted games."""
        from bench.ml import data as ml_data

        if len(self.data) >= rows:
            return self.data
        human_rows = int(self.data.data.is_human.sum())
        bigger = ml_data.build(
            scripted_rows=rows - human_rows + 2_000,
            human=self.human,
            human_limit_sessions=self.sizes.human_limit_sessions,
        )
        say(f"data set for {rows:,} rows: {bigger.describe()}")
        return bigger

    def model(self, family: str) -> AdaptiveModel:
        """The family's candidate: section a's if it ran, else the same fit (step 2 of the
        pipeline: the 80/20 split by game with early stopping, same params and seed)."""
        if family not in self.models:
            self.models[family] = fit_candidate_model(family, self.data, self.seed)
        return self.models[family]


def fit_candidate_model(family: str, bench: BenchData, seed: int) -> AdaptiveModel:
    from training.learning.families import default_params
    from training.learning.families.adaptive import AdaptiveModel
    from training.learning.splits import group_split

    data = bench.data
    train, val = group_split(data.game_id, test_fraction=0.2, seed=seed)
    model, _ = AdaptiveModel.fit(
        family=family,
        X_train=data.X[train], y_train=data.y[train], group_train=bench.kind[train],
        X_val=data.X[val], y_val=data.y[val], group_val=bench.kind[val],
        params=default_params(family), seed=seed,
    )  # fmt: skip
    return model
