"""Each run scores only games that finished since the last one, and counts accumulate."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.training_tasks.helpers import expected_counts, played
from training.lifecycle.accuracy import challenger_accuracy_update
from training.models import AccuracyWatermark, ChallengerAccuracy

pytestmark = pytest.mark.django_db


def production_counts() -> tuple[int, int]:
    row = ChallengerAccuracy.objects.get(alias="Production")
    return row.rounds, row.correct


def test_a_second_run_scores_only_the_new_games_and_adds_to_the_counts(always):
    always("rock", aliases=["Production"])
    first = played()
    challenger_accuracy_update(family="mnlogit", until=timezone.now())
    after_first = production_counts()
    second = played(moves=["rock", "rock", "scissors"])

    run = challenger_accuracy_update(family="mnlogit", until=timezone.now())

    new_rounds, new_correct = expected_counts([second], "rock")
    assert after_first == expected_counts([first], "rock")
    assert (run.games, run.rounds) == (1, new_rounds)
    assert production_counts() == (after_first[0] + new_rounds, after_first[1] + new_correct)


def test_a_run_with_nothing_new_changes_nothing(always):
    always("rock", aliases=["Production"])
    played()
    challenger_accuracy_update(family="mnlogit", until=timezone.now())
    before = production_counts()

    run = challenger_accuracy_update(family="mnlogit", until=timezone.now())

    assert (run.games, run.rounds) == (0, 0)
    assert production_counts() == before


def test_the_watermark_is_the_last_scored_game(always):
    always("rock", aliases=["Production"])
    played()
    last = played()

    challenger_accuracy_update(family="mnlogit", until=timezone.now())

    mark = AccuracyWatermark.objects.get(family="mnlogit")
    assert (mark.last_finished_at, mark.last_game_id) == (last.finished_at, last.pk)


def test_a_game_that_just_finished_waits_for_a_later_run(always):
    always("rock", aliases=["Production"])
    game = played()

    waiting = challenger_accuracy_update(family="mnlogit")  # reads up to a little before now
    later = challenger_accuracy_update(family="mnlogit", until=timezone.now())

    assert waiting.games == 0
    assert later.games == 1
    assert production_counts() == expected_counts([game], "rock")


def test_games_finished_before_the_family_had_any_alias_are_not_scored(always):
    played()
    always("rock", aliases=["Production"])
    after = played()

    run = challenger_accuracy_update(family="mnlogit", until=timezone.now())

    assert run.games == 1
    assert production_counts() == expected_counts([after], "rock")
