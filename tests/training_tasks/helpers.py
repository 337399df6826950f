"""Games for the challenger accuracy tests, and the counts they should produce."""

from __future__ import annotations

from collections.abc import Iterable

from games.models import Game, Round
from tests.factories import play_game, start_game

MIXED = ["rock", "rock", "paper", "scissors", "paper", "rock", "scissors"]


def played(*, policy: str = "logan", moves: list[str] | None = None, **kwargs) -> Game:
    return play_game(start_game(policy=policy, **kwargs), moves or MIXED)


def scored_rounds(games: Iterable[Game]):
    """The rounds a model is asked about: every round after the three gambit rounds."""
    return Round.objects.filter(game__in=[g.pk for g in games], round_no__gt=3)


def expected_counts(games: Iterable[Game], move: str) -> tuple[int, int]:
    """(rounds, correct) for a version that always predicts ``move``."""
    rounds = scored_rounds(list(games))
    return rounds.count(), rounds.filter(player_move=move).count()
