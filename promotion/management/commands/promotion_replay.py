"""Decide a family's recorded cycles again under another rule:
``manage.py promotion_replay --family F [--method M] [--alpha A] [--min-games N]
[--horizon-games H] [--all]``.

Prints the swaps the ledger recorded and the swaps the replay would have made, side by side,
then every cycle whose decision differs (every cycle with ``--all``). Without ``--method`` or
``--alpha``, each cycle's own are used: the replay then reproduces the ledger, which is how to
check it. See promotion/replay.py for what a replay can and cannot say."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.vocabulary import FAMILIES, METHODS
from promotion.explain import format_time
from promotion.replay import Replay, ReplayedCycle, replay
from promotion.selectors import ledger_rows


class Command(BaseCommand):
    help = "Re-run the ledger's promotion cycles under another method or alpha."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--family", choices=list(FAMILIES), required=True)
        parser.add_argument("--method", choices=list(METHODS), help="Default: each cycle's own.")
        parser.add_argument("--alpha", type=float, help="Default: each cycle's own.")
        parser.add_argument(
            "--min-games", type=int, help="Default: each cycle's own, else PROMOTION_MIN_GAMES."
        )
        parser.add_argument(
            "--horizon-games",
            type=int,
            help="The sequential test's one look, games a slot (0: none). Default: each cycle's.",
        )
        parser.add_argument("--all", action="store_true", help="List every cycle.")

    def handle(self, *args: Any, **options: Any) -> None:
        alpha, min_games = options["alpha"], options["min_games"]
        if alpha is not None and not 0.0 < alpha <= 0.5:
            raise CommandError(f"--alpha must be in (0, 0.5], got {alpha}")
        if min_games is not None and min_games < 0:
            raise CommandError(f"--min-games must be at least 0, got {min_games}")
        horizon = options["horizon_games"]
        if horizon is not None and horizon < 0:
            raise CommandError(f"--horizon-games must be at least 0, got {horizon}")
        rows = ledger_rows(family=options["family"])
        if not rows:
            self.stdout.write(f"{options['family']}: no promotion events to replay")
            return
        result = replay(
            rows,
            method=options["method"],
            alpha=alpha,
            min_games=min_games,
            horizon_games=horizon,
            default_min_games=settings.PROMOTION_MIN_GAMES,
            probation_games=settings.PROMOTION_ROLLBACK_PROBATION_GAMES,
        )
        self._summary(options["family"], result)
        shown = result.cycles if options["all"] else tuple(result.differences)
        if shown:
            self.stdout.write("")
            self.stdout.write(
                "event  when                  B since        P since        recorded -> replayed"
            )
            for cycle in shown:
                self.stdout.write(_line(cycle))

    def _summary(self, family: str, result: Replay) -> None:
        rule = ", ".join(
            part
            for part in (
                f"method {result.method}" if result.method else "",
                f"alpha {result.alpha}" if result.alpha is not None else "",
            )
            if part
        )
        self.stdout.write(
            f"{family}: {len(result.cycles)} cycles replayed under "
            f"{rule or 'the rule each cycle recorded'}"
        )
        for label, swaps in (
            ("recorded swaps", result.recorded_swaps),
            ("replayed swaps", result.replayed_swaps),
        ):
            when = ", ".join(f"#{row.event_id} {format_time(row.at)}" for row in swaps)
            self.stdout.write(f"  {label}: {len(swaps)}{': ' + when if when else ''}")
        self.stdout.write(f"  decisions that differ: {len(result.differences)}")


def _line(cycle: ReplayedCycle) -> str:
    b, p = cycle.b_since, cycle.production_since
    mark = "  <- differs" if cycle.differs else ""
    return (
        f"#{cycle.row.event_id:<5} {format_time(cycle.row.at):<21} "
        f"{b.wins:>5}/{b.games:<8} {p.wins:>5}/{p.games:<8} "
        f"{_decision(cycle.row.decision, cycle.row.rolled_back)} -> "
        f"{_decision(cycle.decision, cycle.rolled_back)}{mark}"
    )


def _decision(decision: str, rolled_back: bool) -> str:
    return f"{decision} (rollback)" if rolled_back else decision
