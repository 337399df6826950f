"""Run a promotion cycle now: ``manage.py promote [--family F] [--dry-run]``.

Prints one line per family, as the original system did:
``xgboost: decision=retain_production swap=False reorder=True``. ``--dry-run`` decides and
writes nothing (no event, no alias move)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.vocabulary import FAMILIES
from promotion.models import Source
from promotion.services import cycle_run


class Command(BaseCommand):
    help = "Run one promotion cycle per family (or one family) and print its summary."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--family", choices=list(FAMILIES), help="Only this family.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Decide and print, but write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        families = [options["family"]] if options["family"] else list(FAMILIES)
        for family in families:
            report = cycle_run(
                family=family, source=Source.MANUAL, actor="cli", dry_run=options["dry_run"]
            )
            self.stdout.write(report.summary())
