"""Section (d): resident memory of a fresh process with the models loaded (four a family; one
in a --quick run)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.ml.common import (
    Bench,
    fit_candidate_model,
    heading,
    proc_field,
    say,
    table,
)
from bench.provenance import ROOT
from bench.summary import record
from core.vocabulary import FAMILIES


def memory_now() -> dict[str, float]:
    """This process's memory in MB, from /proc/self/status: resident (VmRSS), of which
    anonymous (RssAnon: the process's own heap, never shared) and file-backed (RssFile: mapped
    code and data of the libraries, which other processes mapping the same files share), and
    the peak (VmHWM)."""
    fields = {"rss": "VmRSS", "anon": "RssAnon", "file": "RssFile", "peak": "VmHWM"}
    out = {}
    for key, name in fields.items():
        value = proc_field("/proc/self/status", name).split()
        out[key] = int(value[0]) / 1024 if value and value[0].isdigit() else float("nan")
    return out


LIBRARIES = ("numpy", "scipy", "pandas", "sklearn", "xgboost", "torch")


def memory_probe(manifest: Path, *, libraries_first: bool) -> int:
    """Run in a fresh child process: RSS after each step of a web worker's start. With
    ``libraries_first`` the model libraries are imported one by one before Django, so that the
    figures say what each of them costs."""
    import importlib

    stages: list[tuple[str, dict[str, float]]] = [("python started (no Django)", memory_now())]
    if libraries_first:
        for library in LIBRARIES:
            importlib.import_module(library)
            stages.append((f"import {library}", memory_now()))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rpsweb.settings")
    import django

    django.setup()
    stages.append(("django.setup()", memory_now()))
    from django.urls import get_resolver

    # A worker's first request loads the URLconf, and with it every view module.
    get_resolver().url_patterns  # noqa: B018
    stages.append(("URLconf loaded (all views imported)", memory_now()))
    import numpy as np

    from games.engine.features import FEATURE_COUNT
    from training.learning.families.adaptive import AdaptiveModel

    entries = json.loads(manifest.read_text())
    models = [AdaptiveModel.load(Path(entry["dir"]), family=entry["family"]) for entry in entries]
    stages.append((f"{len(models)} models loaded", memory_now()))
    row = np.zeros((1, FEATURE_COUNT))
    row[0, 27:39] = 1.5
    for model in models:
        model.predict_proba(row)
    stages.append(("one prediction by each", memory_now()))
    print(json.dumps({"stages": stages, "peak_mb": memory_now()["peak"]}))
    return 0


def run_memory_probe(manifest: Path, *, libraries_first: bool) -> dict[str, Any]:
    # The entry script, whose first lines import only the standard library.
    script = ROOT / "bench" / "ml_benchmark.py"
    command = [sys.executable, str(script), "--memory-probe", str(manifest)]
    if libraries_first:
        command.append("--libraries-first")
    child = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if child.returncode != 0:
        raise RuntimeError(f"memory probe failed ({child.returncode}): {child.stderr[-2000:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def memory_table(report: dict[str, Any]) -> None:
    rows = []
    previous = None
    for name, memory in report["stages"]:
        delta = "" if previous is None else f"{memory['rss'] - previous:+.1f}"
        rows.append(
            [name, f"{memory['rss']:.1f}", delta, f"{memory['anon']:.1f}", f"{memory['file']:.1f}"]
        )
        previous = memory["rss"]
    table(["step", "RSS MB", "delta MB", "anon MB", "file MB"], rows)
    say(f"peak RSS (VmHWM) {report['peak_mb']:.1f} MB")


def section_memory(bench: Bench) -> None:
    per_family = bench.sizes.models_per_family
    heading(f"(d) memory: a fresh process with {per_family * len(FAMILIES)} models loaded")
    from training.registry.checksum import artifact_sha256

    say(
        f"{per_family} models per family (seeds {bench.seed}..{bench.seed + per_family - 1}, "
        "each the "
        "candidate fit of step 2 on the full data set), saved to temporary folders; a child "
        "process reads its memory from /proc/self/status after each step (anon: its own heap; "
        "file: mapped library files, shared with other processes mapping them)"
    )
    with tempfile.TemporaryDirectory(prefix="rpsweb-ml-bench-") as scratch:
        entries = []
        sizes: dict[str, int] = {}
        for family in FAMILIES:
            for k in range(per_family):
                model = (
                    bench.model(family)
                    if k == 0
                    else fit_candidate_model(family, bench.data, bench.seed + k)
                )
                folder = Path(scratch) / family / str(k)
                model.save(folder)
                artifact_sha256(folder)  # as a serving load would, though not timed here
                sizes[family] = sizes.get(family, 0) + sum(
                    f.stat().st_size for f in folder.iterdir()
                )
                entries.append({"family": family, "dir": str(folder)})
        manifest = Path(scratch) / "manifest.json"
        manifest.write_text(json.dumps(entries))
        as_worker = run_memory_probe(manifest, libraries_first=False)
        attributed = run_memory_probe(manifest, libraries_first=True)
    say(
        "artifact sizes on disk: "
        + ", ".join(
            f"{family} {size / per_family / 1024:.0f} KB each" for family, size in sizes.items()
        )
    )
    say()
    say("as a web worker starts (django.setup() already imports the model libraries):")
    memory_table(as_worker)
    record(
        f"web worker memory with all {per_family * len(FAMILIES)} models loaded (peak RSS)",
        as_worker["peak_mb"],
        unit="MB",
    )
    say()
    say("the same, importing the model libraries one by one first, to see what each costs:")
    memory_table(attributed)
