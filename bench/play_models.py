"""Real trained versions for the play benchmark: every family trained, gated and given its
aliases (Production at least) by the installation's own bootstrap (``manage.py bootstrap``),
into the benchmark's database and an MLflow store and model cache of its own, so that the plays
are answered by models and not by the frequency baseline.

The benchmark calls ``ensure_models``, which runs this file as a script with the benchmark's
environment (Django needs the database and store settings before it starts):

    python bench/play_models.py ensure --size quick|full

The script looks at the registry mirror first and trains only what is missing, so later runs
reuse the versions (a few seconds). Versions it cannot serve (trained on an older feature
contract, artifact gone from the store, or a smoke run's versions when a full run asks) are
reported as stale; the benchmark then starts its database and store over and asks again.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.seeded_db import BenchError  # noqa: E402  (the root is on the path above)

# One folder per benchmark database: its MLflow store must describe the same versions as that
# database's registry mirror, so two databases never share one.
STATE_ROOT = ROOT / "var" / "bench-play"
MARKER = "models.json"  # which bootstrap size trained the versions in this folder
RESULT_PREFIX = "bench-models: "  # the script's last line, read by ensure_models
STALE_EXIT = 3
QUICK, FULL = "quick", "full"
PAIR_PROGRESS = re.compile(r"^\s+\S+ vs \S+: \d+/\d+ games$")

# A smoke run's bootstrap, as small as the code allows while every family still trains: two
# simulated games per (opponent, policy) pair (about 500 rows; the data splits need every move
# in each part), no human sessions (their import alone takes about 20 s), one gauntlet game per
# opponent, and gates that any working model passes, since a smoke run checks the plumbing, not
# the models' strength. About a minute on 2 busy cores; four versions per family is fixed by
# the bootstrap. A full run uses the installation's defaults (about 100 s idle, more when busy).
QUICK_BOOTSTRAP_ENV = {
    "BOOTSTRAP_GAMES_PER_PAIR": "2",
    "BOOTSTRAP_HUMAN_SESSIONS_FILE": "",
    "GATE_MIN_SAMPLES": "100",
    "GAUNTLET_GAMES_PER_OPPONENT": "1",
    "GAUNTLET_MIN_MEAN_WIN_RATE": "0",
    "GAUNTLET_MIN_WIN_RATE": "0",
    "GAUNTLET_RANDOM_MARGIN": "1",
}


def state_dir(database: str) -> Path:
    return STATE_ROOT / database


def model_env(state: Path) -> dict[str, str]:
    """Settings that point the bootstrap and gunicorn at the benchmark's own store and cache
    (set explicitly: a developer's .env or shell may name the installation's own store).
    RPSWEB_VAR_DIR moves the rest of var/ too, e.g. the file cache holding throttle counters."""
    return {
        "RPSWEB_VAR_DIR": str(state),
        "MLFLOW_TRACKING_URI": f"sqlite:///{state / 'mlflow' / 'mlflow.db'}",
        "MLFLOW_ARTIFACT_ROOT": str(state / "mlflow" / "artifacts"),
        "MODEL_CACHE_DIR": str(state / "model-cache"),
        "MLFLOW_SKIP_PIP_REQUIREMENTS_CHECK": "true",
        # Every seed trained before the plays: no worker runs here to train queued challengers.
        "BOOTSTRAP_CHALLENGERS_LATER": "false",
    }


# --- the benchmark's side -----------------------------------------------------------------


@dataclass(frozen=True)
class Models:
    """What serves the plays: family -> alias -> version, and what it took to have them."""

    aliases: dict[str, dict[str, int]]
    size: str
    trained: bool
    seconds: float

    def describe(self) -> str:
        families = "; ".join(
            f"{family} " + ", ".join(f"{alias}=v{v}" for alias, v in held.items())
            for family, held in self.aliases.items()
        )
        how = f"trained ({self.size} bootstrap)" if self.trained else f"reused ({self.size})"
        return f"models {how} in {self.seconds:.0f}s: {families}"


def _worth_echoing(line: str) -> bool:
    """The bootstrap's steps and outcomes, without its line per simulated (opponent, policy)."""
    if not line.startswith(("[", "      ")):
        return False
    return not PAIR_PROGRESS.match(line)


def _run_script(python: Path, env: Mapping[str, str], size: str) -> tuple[int, dict, list[str]]:
    """Run this file's ``ensure`` with the benchmark's environment, echoing its progress lines;
    its exit status, its result and its output."""
    command = [str(python), str(Path(__file__).resolve()), "ensure", "--size", size]
    # The bootstrap's INFO log lines (one JSON object per game) would bury its progress lines.
    child_env = {**env, "LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1"}
    if size == QUICK:
        child_env.update(QUICK_BOOTSTRAP_ENV)
    lines: list[str] = []
    result: dict = {}
    with subprocess.Popen(
        command,
        cwd=ROOT,
        env=child_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith(RESULT_PREFIX):
                result = json.loads(line.removeprefix(RESULT_PREFIX))
                continue
            lines.append(line.rstrip("\n"))
            if _worth_echoing(line):
                print(f"  {line.rstrip()}", flush=True)
        code = process.wait()
    return code, result, lines


def start_over(url: str, state: Path) -> None:
    """Empty the benchmark's database and its store together: their versions go as a pair."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    shutil.rmtree(state, ignore_errors=True)


def ensure_models(
    python: Path,
    env: Mapping[str, str],
    url: str,
    state: Path,
    size: str,
    migrate: Callable[[], None],
) -> Models:
    """A Production version (and whatever other aliases the bootstrap filled) for every
    family, each one this benchmark can serve, trained when missing. ``migrate`` is called
    again after starting the database over."""
    started = time.perf_counter()
    code, result, lines = _run_script(python, env, size)
    if code == STALE_EXIT:
        print(f"  the benchmark's models are stale ({result.get('reason')}): starting over")
        start_over(url, state)
        migrate()
        code, result, lines = _run_script(python, env, size)
    if code != 0 or not result:
        tail = "\n".join(lines[-30:])
        raise BenchError(f"could not have trained models (exit status {code}):\n{tail}")
    return Models(
        aliases=result["aliases"],
        size=result["size"],
        trained=result["trained"],
        seconds=time.perf_counter() - started,
    )


# --- the script's side (runs with Django set up on the benchmark's settings) ---------------


def _artifact_folder(source_uri: str, state: Path) -> Path | None:
    """The local folder of a version's artifact, when it lies in this benchmark's store."""
    parsed = urlparse(source_uri)
    if parsed.scheme != "file":
        return None
    folder = Path(unquote(parsed.path))
    return folder if folder.is_relative_to(state) else None


def unservable(state: Path) -> list[str]:
    """Why versions holding an alias could not be served, by the checks the serving code makes
    when it loads one (feature contract, checksum), read from local files without MLflow."""
    from games.engine.features import FEATURE_CONTRACT_VERSION
    from training.models import AliasAssignment
    from training.registry.checksum import artifact_sha256

    problems = []
    for holding in AliasAssignment.objects.select_related("version"):
        version = holding.version
        label = f"{version.family} v{version.version}"
        if version.feature_contract_version != FEATURE_CONTRACT_VERSION:
            problems.append(f"{label} uses feature contract {version.feature_contract_version}")
            continue
        folder = _artifact_folder(version.source_uri, state)
        if folder is None or not folder.is_dir():
            problems.append(f"{label} has no artifact in {state}")
        elif artifact_sha256(folder) != version.sha256:
            problems.append(f"{label}'s artifact does not match its checksum")
    return problems


def held_aliases() -> dict[str, dict[str, int]]:
    from core.vocabulary import FAMILIES
    from training.registry.selectors import alias_versions

    return {family: alias_versions(family=family) for family in FAMILIES}


def complete(aliases: dict[str, dict[str, int]]) -> bool:
    """Every family has a Production version: then every game is pinned to a model (a game
    drawn for an empty B slot goes to Production). The bootstrap fills the other aliases only
    with versions that passed the gates, so a family may have fewer than four."""
    from core.vocabulary import PRODUCTION

    return all(PRODUCTION in held for held in aliases.values())


def stale_reason(state: Path, size: str, trained_size: str | None) -> str:
    """Why the versions here cannot be reused (empty: they can, or there are none yet)."""
    from games.models import Game
    from training.models import ModelVersion

    aliases = held_aliases()
    if trained_size is None and (ModelVersion.objects.exists() or Game.objects.exists()):
        # Another checkout's run (or one cut off before it filled the aliases) left them: its
        # store is not this one, and resuming on its data would train at its size, not ours.
        return "the database holds games or versions this benchmark's store did not make"
    if trained_size is not None and not any(aliases.values()):
        return "the store holds versions the database does not know"
    if trained_size == QUICK and size == FULL:
        return "they come from a smoke run's small bootstrap"
    problems = unservable(state)
    return "; ".join(problems[:3])


def ensure(size: str) -> int:
    from django.core.management import call_command

    state = Path(os.environ["RPSWEB_VAR_DIR"])  # set by model_env
    marker = state / MARKER
    trained_size = json.loads(marker.read_text())["size"] if marker.is_file() else None
    reason = stale_reason(state, size, trained_size)
    if reason:
        print(RESULT_PREFIX + json.dumps({"reason": reason}))
        return STALE_EXIT
    trained = not complete(held_aliases())
    if trained:
        # Written first: an interrupted bootstrap is resumed at the same size next time.
        trained_size = trained_size or size
        state.mkdir(parents=True, exist_ok=True)
        marker.write_text(json.dumps({"size": trained_size}))
        call_command("bootstrap", stdout=sys.stdout)
    aliases = held_aliases()
    if not complete(aliases):
        print(f"the bootstrap left a family without a Production version: {aliases}")
        return 1
    problems = unservable(state)
    if problems:
        print("the bootstrap's versions cannot be served: " + "; ".join(problems))
        return 1
    result = {"aliases": aliases, "size": trained_size, "trained": trained}
    print(RESULT_PREFIX + json.dumps(result))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train or reuse the play benchmark's models.")
    parser.add_argument("action", choices=["ensure"])
    parser.add_argument("--size", choices=[QUICK, FULL], required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rpsweb.settings")
    import django

    django.setup()
    return ensure(args.size)


if __name__ == "__main__":
    sys.exit(main())
