"""What the promotion cycle reads: per alias, the accuracy of the version at it now, earned
while at that alias."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.training_tasks.helpers import expected_counts, played
from training.lifecycle.accuracy import challenger_accuracies, challenger_accuracy_update
from training.models import AliasChangeReason
from training.registry import services

pytestmark = pytest.mark.django_db


def test_each_alias_gets_its_versions_accuracy_and_an_empty_alias_none(always):
    always("rock", aliases=["Production"])
    always("paper", aliases=["B"])
    games = [played(), played()]
    challenger_accuracy_update(family="mnlogit", until=timezone.now())

    accuracies = challenger_accuracies(family="mnlogit")

    rounds, rock = expected_counts(games, "rock")
    _, paper = expected_counts(games, "paper")
    assert accuracies == {
        "Production": pytest.approx(rock / rounds),
        "B": pytest.approx(paper / rounds),
        "shadow1": None,
        "shadow2": None,
    }


def test_a_version_moved_to_another_alias_starts_that_alias_unscored(always):
    rock = always("rock", aliases=["Production"])
    always("paper", aliases=["B"])
    played()
    challenger_accuracy_update(family="mnlogit", until=timezone.now())

    services.aliases_move(
        family="mnlogit",
        moves={"shadow1": rock},
        reason=AliasChangeReason.REORDER,
        actor="tests",
    )

    accuracies = challenger_accuracies(family="mnlogit")
    assert accuracies["shadow1"] is None
    assert accuracies["Production"] is not None


def test_a_family_never_scored_has_no_accuracies():
    assert challenger_accuracies(family="xgboost") == dict.fromkeys(
        ["Production", "B", "shadow1", "shadow2"]
    )
