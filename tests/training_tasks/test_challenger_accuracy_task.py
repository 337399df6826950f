from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from games.models import Game
from tests.training_tasks.helpers import expected_counts, played
from training.models import AliasChange
from training.tasks import challenger_accuracy

pytestmark = pytest.mark.django_db


def test_the_scheduled_task_scores_every_family_and_reports_each(always):
    always("rock", aliases=["Production"])
    a_while_ago = timezone.now() - timedelta(minutes=5)
    AliasChange.objects.update(created_at=a_while_ago)
    game = played()
    Game.objects.filter(pk=game.pk).update(finished_at=a_while_ago + timedelta(minutes=1))

    result = challenger_accuracy.apply().get()

    rounds, correct = expected_counts([game], "rock")
    assert result["mnlogit"]["games"] == 1
    assert result["mnlogit"]["scored"]["Production"]["rounds"] == rounds
    assert result["mnlogit"]["scored"]["Production"]["correct"] == correct
    assert result["xgboost"] == {
        "family": "xgboost",
        "games": 0,
        "rounds": 0,
        "skipped": "no alias holds a version",
    }
    assert set(result) == {"feedforward", "xgboost", "mnlogit"}
