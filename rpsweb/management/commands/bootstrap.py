"""First-run setup for ``make up``, safe to run again: each step does only what is missing.

The steps are a list of named functions, each calling one service, so that later work (train
every family, fill the aliases, run a promotion cycle) adds a step rather than a branch.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, OutputWrapper

from core.vocabulary import FAMILIES
from games import simulation
from training.lifecycle import bootstrap

SUPERUSER_ENV = ("DJANGO_SUPERUSER_USERNAME", "DJANGO_SUPERUSER_PASSWORD")


@dataclass(frozen=True, slots=True)
class Step:
    title: str
    # Gets the command's stdout for progress lines; returns a one-line outcome.
    run: Callable[[OutputWrapper], str]


def simulate_games(out: OutputWrapper) -> str:
    per_pair = settings.BOOTSTRAP_GAMES_PER_PAIR
    if per_pair == 0:
        return "skipped: BOOTSTRAP_GAMES_PER_PAIR is 0"

    def progress(opponent: str, policy: str, done: int, count: int) -> None:
        if done == count:
            out.write(f"      {opponent} vs {policy}: {done}/{count} games")

    summary = simulation.bootstrap_games_top_up(games_per_pair=per_pair, progress=progress)
    if summary.games == 0:
        return f"nothing to do: every opponent and policy has {per_pair} finished games"
    return f"simulated {summary.describe()}"


def import_human_sessions(out: OutputWrapper) -> str:
    path = settings.BOOTSTRAP_HUMAN_SESSIONS_FILE
    if not path:
        return "skipped: BOOTSTRAP_HUMAN_SESSIONS_FILE is empty"
    if not Path(path).is_file():
        # A missing file must not stop the rest of the setup; training then waits for play.
        return f"skipped: no such file {path}"
    return bootstrap.bootstrap_human_sessions_import(path=path).describe()


def train_and_fill_aliases(out: OutputWrapper) -> str:
    def progress(message: str) -> None:
        out.write(f"      {message}")

    outcomes = bootstrap.bootstrap_families(
        first_only=settings.BOOTSTRAP_CHALLENGERS_LATER, progress=progress
    )
    for outcome in outcomes:
        out.write(f"      {outcome.family}: {outcome.message}")
    by_status: dict[str, list[str]] = {}
    for outcome in outcomes:
        by_status.setdefault(outcome.status, []).append(outcome.family)
    filled = by_status.get(bootstrap.FILLED, [])
    skipped = by_status.get(bootstrap.SKIPPED, [])
    empty = by_status.get(bootstrap.NONE_PASSED, [])
    parts = [f"aliases filled for {', '.join(filled) or 'no family'}"]
    if skipped:
        parts.append(f"skipped {', '.join(skipped)}")
    if empty:
        parts.append(f"NO VERSION PASSED THE GATES for {', '.join(empty)}")
    return "; ".join(parts)


def run_promotion_cycles(out: OutputWrapper) -> str:
    from promotion.services import cycle_run
    from training.registry.selectors import alias_versions

    lines = []
    for family in FAMILIES:
        if not alias_versions(family=family):
            lines.append(f"{family}: no aliases, no cycle")
            continue
        report = cycle_run(family=family, source="manual", actor="system:bootstrap", wait=True)
        lines.append(report.summary())
    for line in lines:
        out.write(f"      {line}")
    return f"{len(lines)} families"


def queue_challengers(out: OutputWrapper) -> str:
    if not settings.BOOTSTRAP_CHALLENGERS_LATER:
        return "skipped: BOOTSTRAP_CHALLENGERS_LATER is off, the challengers were trained above"
    from training.tasks import bootstrap_challengers

    waiting = [family for family in FAMILIES if bootstrap.awaits_challengers(family)]
    for family in waiting:
        bootstrap_challengers.delay(family)
    if not waiting:
        return "nothing to do: every family's aliases hold versions of their own"
    return (
        f"queued for the worker: {', '.join(waiting)} (until they pass their gates, B and the "
        "shadows hold Production's version)"
    )


def create_superuser(out: OutputWrapper) -> str:
    username = os.environ["DJANGO_SUPERUSER_USERNAME"]
    if get_user_model()._default_manager.filter(username=username).exists():
        return f"{username!r} exists already"
    # createsuperuser --noinput reads the username, password and email from the environment.
    call_command("createsuperuser", interactive=False, verbosity=0)
    return f"created {username!r}"


STEPS: list[Step] = [
    Step("simulate games of the scripted opponents against every bot", simulate_games),
    Step("import the recorded human training sessions", import_human_sessions),
    Step("train every family and fill its four aliases", train_and_fill_aliases),
    Step("run one promotion cycle per family", run_promotion_cycles),
    Step("queue the training of the challengers (B, shadow1, shadow2)", queue_challengers),
]


def steps() -> list[Step]:
    optional = []
    if all(os.environ.get(name) for name in SUPERUSER_ENV):
        optional.append(Step("create the admin superuser", create_superuser))
    return [*STEPS, *optional]


class Command(BaseCommand):
    help = (
        "Idempotent first-run setup: simulated games, recorded human sessions, then models "
        "for every alias."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        todo = steps()
        for number, step in enumerate(todo, start=1):
            self.stdout.write(f"[{number}/{len(todo)}] {step.title} ...")
            outcome = step.run(self.stdout)
            self.stdout.write(f"      {outcome}")
        self.stdout.write(self.style.SUCCESS("Bootstrap complete."))
