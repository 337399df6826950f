"""Load recorded human sessions as finished games: ``manage.py import_human_sessions PATH
[--game-rounds 25] [--limit-sessions N] [--progress-every 25]``. Safe to run twice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from training.human.data import DEFAULT_GAME_ROUNDS
from training.human.importer import ImportSummary, human_sessions_import


class Command(BaseCommand):
    help = "Import a human-rps file (CSV or gzip, one row per round) as human games."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The sessions file (.csv or .csv.gz).")
        parser.add_argument(
            "--game-rounds",
            type=int,
            default=DEFAULT_GAME_ROUNDS,
            help=f"Rounds per game; each session is cut into such games (default "
            f"{DEFAULT_GAME_ROUNDS}).",
        )
        parser.add_argument(
            "--limit-sessions", type=int, default=None, help="Only the file's first N sessions."
        )
        parser.add_argument(
            "--progress-every", type=int, default=25, help="Report every N sessions (default 25)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        try:
            summary = human_sessions_import(
                path=path,
                game_rounds=options["game_rounds"],
                limit_sessions=options["limit_sessions"],
                progress=self._progress,
                progress_every=options["progress_every"],
            )
        except ValueError as error:  # HumanDataError is one
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Imported {summary.describe()}."))

    def _progress(self, summary: ImportSummary) -> None:
        self.stdout.write(
            f"{summary.sessions} sessions: {summary.games} games, {summary.rounds} rounds "
            f"({summary.seconds:.1f} s)"
        )
