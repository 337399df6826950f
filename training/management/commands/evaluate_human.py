"""Replay recorded human sessions against a model, storing nothing: ``manage.py evaluate_human
PATH --family F [--alias A | --version V | --model-dir DIR] [--game-rounds 25]
[--limit-sessions N]``.

For every round from the 4th on of every game the model predicts the person's move from the game
so far; the table compares it with the frequency baseline and an order-2 n-gram, and the last
line is always ``accuracy=0.xxx baseline=0.xxx rounds=N`` for scripts. ``--model-dir`` evaluates
a saved artifact folder that is not (yet) in the registry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from training import serving
from training.human.data import (
    DEFAULT_GAME_ROUNDS,
    FIRST_PREDICTED_ROUND,
    NGRAM_ORDER,
    SESSION_SETS,
    HumanEvaluation,
    PredictorScore,
    ProbabilityModel,
    evaluate_games,
    games_from_file,
)
from training.learning.families import FAMILIES
from training.learning.families.adaptive import AdaptiveModel


class Command(BaseCommand):
    help = "Measure how well a model predicts real people's next moves in a human-rps file."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # Our --version is a model version; it replaces Django's "print the Django version".
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The sessions file (.csv or .csv.gz).")
        parser.add_argument("--family", required=True, choices=list(FAMILIES))
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--alias", default=None, help="The alias's current version.")
        which.add_argument("--version", default=None, help="A registry version number.")
        which.add_argument(
            "--model-dir", type=Path, default=None, help="A saved artifact folder of --family."
        )
        parser.add_argument("--game-rounds", type=int, default=DEFAULT_GAME_ROUNDS)
        parser.add_argument("--limit-sessions", type=int, default=None)
        parser.add_argument(
            "--sessions",
            choices=SESSION_SETS,
            default="all",
            help="all sessions, only the held-out ones (never trained on), or the training ones",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        model, label = self._model(options)
        try:
            evaluation = evaluate_games(
                games_from_file(
                    path,
                    game_rounds=options["game_rounds"],
                    limit_sessions=options["limit_sessions"],
                    sessions=options["sessions"],
                ),
                model,
                target=settings.TARGET_POINTS,
            )
        except ValueError as error:  # a malformed file or bad option, said plainly
            raise CommandError(str(error)) from None
        self._report(evaluation, label, options["game_rounds"])

    def _model(self, options: dict[str, Any]) -> tuple[ProbabilityModel, str]:
        family: str = options["family"]
        directory: Path | None = options["model_dir"]
        if directory is not None:
            try:
                return AdaptiveModel.load(
                    directory, family=family
                ), f"{family} artifact {directory.name}"
            except (OSError, ValueError) as error:
                raise CommandError(f"cannot load {directory}: {error}") from None
        try:
            loaded = serving.load_model(
                family=family, alias=options["alias"], version=options["version"]
            )
        except serving.ModelUnavailable as error:
            raise CommandError(f"no {family} model: {error}") from None
        slot = f" ({options['alias']})" if options["alias"] else ""
        return loaded.model, f"{family} v{loaded.version}{slot}"

    def _report(self, evaluation: HumanEvaluation, label: str, game_rounds: int) -> None:
        rounds = evaluation.rounds
        self.stdout.write(
            f"{evaluation.sessions} sessions, {evaluation.games} games of up to {game_rounds} "
            f"rounds: {rounds} rounds predicted (round {FIRST_PREDICTED_ROUND} on); "
            f"chance is 0.333"
        )
        lines: list[tuple[str, PredictorScore]] = [
            (label, evaluation.model),
            ("frequency baseline", evaluation.baseline),
            (f"n-gram (order {NGRAM_ORDER})", evaluation.ngram),
        ]
        width = max(len(name) for name, _ in lines) + 2
        self.stdout.write(f"{'predictor':<{width}}accuracy  bot points/round")
        for name, score in lines:
            self.stdout.write(
                f"{name:<{width}}{score.accuracy(rounds):>8.3f}  "
                f"{score.points_per_round(rounds):>16.3f}"
            )
        self.stdout.write(evaluation.summary_line())
