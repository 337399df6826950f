"""After real games, a scoring run and a promotion cycle, every metric /metrics reads from the
database equals the rows it comes from, and the process counters moved by what was played."""

from __future__ import annotations

import pytest
from django.db.models import Max
from django.utils import timezone

from games.models import Round
from promotion.models import PromotionEvent, SlotCounter
from promotion.services import cycle_run
from tests.observability.exposition import sample_values
from tests.training_tasks.helpers import played
from training.lifecycle.accuracy import challenger_accuracy_update
from training.models import ChallengerAccuracy, ModelVersion

pytestmark = pytest.mark.django_db(transaction=True)


def value(text: str, name: str, **labels: str) -> float | None:
    return sample_values(text, name).get(tuple(sorted(labels.items())))


def series(text: str, name: str, **labels: str) -> dict[tuple[tuple[str, str], ...], float]:
    """The samples of ``name`` whose labels include ``labels``."""
    return {
        key: v
        for key, v in sample_values(text, name).items()
        if all(dict(key).get(k) == want for k, want in labels.items())
    }


@pytest.fixture
def mnlogit_at_every_alias(always, settings):
    settings.PROMOTION_METHOD = "point"
    return {
        "rock": always("rock", aliases=["Production", "shadow2"]),
        "paper": always("paper", aliases=["B"]),
        "scissors": always("scissors", aliases=["shadow1"]),
    }


def test_database_metrics_equal_their_rows_after_games_scoring_and_a_cycle(
    client, mnlogit_at_every_alias
):
    before = client.get("/metrics").content.decode()
    games = [played() for _ in range(8)]
    after_games = client.get("/metrics").content.decode()
    challenger_accuracy_update(family="mnlogit", until=timezone.now())
    report = cycle_run(family="mnlogit")

    text = client.get("/metrics").content.decode()

    assert all(g.winner for g in games) and report.event_id is not None
    # Challenger accuracy: one series per (alias, version) row, and the ratio of its counts.
    rows = list(ChallengerAccuracy.objects.filter(family="mnlogit").select_related("version"))
    assert len(rows) == 4 and all(row.rounds > 0 for row in rows)
    for row in rows:
        labels = {"model": "mnlogit", "alias": row.alias, "version": str(row.version.version)}
        assert value(text, "rps_model_accuracy_rounds_total", **labels) == row.rounds
        assert value(text, "rps_model_accuracy_correct_total", **labels) == row.correct
        assert value(text, "rps_model_prediction_accuracy", **labels) == pytest.approx(
            row.correct / row.rounds
        )
    assert len(series(text, "rps_model_prediction_accuracy", model="mnlogit")) == 4
    # Slot counters: every row, and together every game played.
    counters = list(SlotCounter.objects.filter(family="mnlogit"))
    for row in counters:
        labels = {"model": "mnlogit", "alias": row.slot, "difficulty": row.difficulty}
        assert value(text, "rps_model_slot_games_total", **labels) == row.games
        assert value(text, "rps_model_slot_bot_wins_total", **labels) == row.bot_wins
        assert value(text, "rps_model_slot_losses_total", **labels) == row.losses
    assert sum(series(text, "rps_model_slot_games_total", model="mnlogit").values()) == 8
    bot_won = sum(g.winner == "bot" for g in games)
    assert sum(series(text, "rps_model_slot_bot_wins_total", model="mnlogit").values()) == bot_won
    # The cycle's event and the newest version, as Unix times.
    event = PromotionEvent.objects.get(pk=report.event_id)
    assert value(
        text,
        "rps_model_promotion_last_event_timestamp_seconds",
        model="mnlogit",
        decision=event.decision,
    ) == pytest.approx(event.created_at.timestamp())
    newest = ModelVersion.objects.filter(family="mnlogit").aggregate(at=Max("created_at"))["at"]
    assert value(
        text, "rps_model_last_trained_timestamp_seconds", model="mnlogit"
    ) == pytest.approx(newest.timestamp())
    # Process counters: moved by exactly what was played, in this process.
    by_model = Round.objects.filter(game__in=[g.pk for g in games], prediction_source="model")
    inferred = sum(
        series(after_games, "rps_model_inference_seconds_count", model="mnlogit").values()
    )
    inferred -= sum(series(before, "rps_model_inference_seconds_count", model="mnlogit").values())
    assert inferred == by_model.count() > 0
    assert value(text, "rps_model_status", model="mnlogit", status="ok") == 1
    events = value(text, "rps_model_promotion_events_total", model="mnlogit",
                   decision=event.decision) or 0  # fmt: skip
    events_before = value(before, "rps_model_promotion_events_total", model="mnlogit",
                          decision=event.decision) or 0  # fmt: skip
    assert events - events_before == 1
