"""Every alias's version is scored on the non-gambit rounds of the family's finished games:
with versions that always predict one move, the right counts are the stored moves."""

from __future__ import annotations

import pytest
from django.utils import timezone

from games import services as game_services
from games.models import Player, PlayerKind
from tests.factories import start_game
from tests.training_tasks.helpers import expected_counts, played, scored_rounds
from training.lifecycle.accuracy import challenger_accuracy_update
from training.models import ChallengerAccuracy, ModelVersion

pytestmark = pytest.mark.django_db


def stored() -> dict[tuple[str, int], tuple[int, int]]:
    return {
        (row.alias, row.version.version): (row.rounds, row.correct)
        for row in ChallengerAccuracy.objects.select_related("version")
    }


@pytest.fixture
def four_aliases(always) -> dict[str, ModelVersion]:
    rock = always("rock", aliases=["Production", "shadow2"])
    paper = always("paper", aliases=["B"])
    scissors = always("scissors", aliases=["shadow1"])
    return {"rock": rock, "paper": paper, "scissors": scissors}


def test_every_alias_is_credited_with_the_rounds_its_version_got_right(four_aliases):
    games = [played(), played(moves=["scissors", "paper"]), played(moves=["rock"])]

    run = challenger_accuracy_update(family="mnlogit", until=timezone.now())

    rock, paper, scissors = (four_aliases[m].version for m in ("rock", "paper", "scissors"))
    assert stored() == {
        ("Production", rock): expected_counts(games, "rock"),
        ("shadow2", rock): expected_counts(games, "rock"),
        ("B", paper): expected_counts(games, "paper"),
        ("shadow1", scissors): expected_counts(games, "scissors"),
    }
    total = scored_rounds(games).count()
    assert run.games == 3
    assert run.rounds == total
    assert all(expected_counts(games, m)[1] > 0 for m in ("rock", "paper", "scissors"))
    assert sum(expected_counts(games, m)[1] for m in ("rock", "paper", "scissors")) == total


def test_gambit_rounds_test_games_other_families_unfinished_and_imported_games_do_not_count(
    four_aliases,
):
    counted = played()
    played(is_test=True)
    played(policy="forrest")  # xgboost's bot
    unfinished = start_game(policy="logan")
    for move in ["rock", "paper", "scissors", "rock", "paper"]:
        unfinished = game_services.round_play(game_id=unfinished.pk, move=move, player=None).game
    importer = Player.objects.create(name="human-rps-7", kind=PlayerKind.HUMAN, source="human-rps")
    played(player=importer)

    run = challenger_accuracy_update(family="mnlogit", until=timezone.now())

    assert not unfinished.is_finished
    assert run.games == 1
    assert stored()[("Production", four_aliases["rock"].version)] == expected_counts(
        [counted], "rock"
    )


def test_a_version_that_cannot_be_loaded_is_reported_and_the_others_are_still_scored(always):
    good = always("rock", aliases=["Production"])
    broken = always("paper", aliases=["B"])
    ModelVersion.objects.filter(pk=broken.pk).update(sha256="f" * 64)
    game = played()

    run = challenger_accuracy_update(family="mnlogit", until=timezone.now())

    assert run.unavailable == {broken.version: "checksum_mismatch"}
    assert stored() == {("Production", good.version): expected_counts([game], "rock")}


def test_a_family_without_aliases_is_skipped():
    played()

    run = challenger_accuracy_update(family="mnlogit", until=timezone.now())

    assert run.skipped == "no alias holds a version"
    assert not ChallengerAccuracy.objects.exists()
