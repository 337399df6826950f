"""Play scripted opponents against the bots: ``manage.py simulate_games --opponent Ace
--policy forrest --count 20 [--difficulty easy]``; ``all`` is accepted for both sides."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from games import simulation
from games.engine.history import DifficultyMode

ALL = "all"


def _names(value: str, known: tuple[str, ...], what: str) -> list[str]:
    if value.lower() == ALL:
        return list(known)
    # Case-insensitive for people typing; the service itself wants the exact name.
    by_lower = {name.lower(): name for name in known}
    names = [by_lower.get(part.strip().lower(), part.strip()) for part in value.split(",")]
    if not all(names):
        raise CommandError(f"empty {what} name in {value!r}")
    return names


class Command(BaseCommand):
    help = "Play complete games of scripted opponents against bot policies."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--opponent",
            default=ALL,
            help="Scripted opponent(s), comma-separated, or 'all': "
            + ", ".join(simulation.OPPONENTS),
        )
        parser.add_argument(
            "--policy",
            default=ALL,
            help="Bot policy(ies), comma-separated, or 'all': " + ", ".join(simulation.POLICIES),
        )
        parser.add_argument("--count", type=int, default=10, help="Games per pair (default 10).")
        parser.add_argument(
            "--difficulty",
            choices=[mode.value for mode in DifficultyMode],
            default=None,
            help="Difficulty mode of the bot (default: the policy's own).",
        )
        parser.add_argument(
            "--test", action="store_true", help="Mark the games as test games (no training)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        opponents = _names(options["opponent"], simulation.OPPONENTS, "opponent")
        policies = _names(options["policy"], simulation.POLICIES, "policy")
        try:
            summary = simulation.simulation_run_pairs(
                opponents=opponents,
                policies=policies,
                count=options["count"],
                difficulty_mode=options["difficulty"],
                is_test=options["test"],
                progress=self._progress,
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Simulated {summary.describe()}."))

    def _progress(self, opponent: str, policy: str, done: int, count: int) -> None:
        self.stdout.write(f"{opponent} vs {policy}: {done}/{count} games")
