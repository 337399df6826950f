"""``manage.py promote`` prints the original system's one-line summary per family."""

from io import StringIO

import pytest
from django.core.management import call_command

from promotion.models import PromotionEvent
from tests.promotion.conftest import set_counters
from training.models import ChallengerAccuracy

pytestmark = pytest.mark.django_db

FAMILY = "xgboost"


def promote(*args: str) -> list[str]:
    out = StringIO()
    call_command("promote", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.fixture
def re_ranking_without_a_swap(four_aliases, settings):
    """xgboost: Production clearly ahead of B, and shadow2's version the most accurate."""
    versions = four_aliases(FAMILY)
    settings.PROMOTION_METHOD = "point"
    for alias, correct in (("B", 40), ("shadow1", 50), ("shadow2", 90)):
        ChallengerAccuracy.objects.create(
            family=FAMILY, alias=alias, version=versions[alias], rounds=100, correct=correct
        )
    set_counters(FAMILY, "Production", games=10, wins=8)
    set_counters(FAMILY, "B", games=10, wins=2)
    return versions


def test_it_prints_one_summary_line_per_family(re_ranking_without_a_swap):
    lines = promote()

    assert lines == [
        "feedforward: decision=insufficient_data swap=False reorder=False",
        "xgboost: decision=retain_production swap=False reorder=True",
        "mnlogit: decision=insufficient_data swap=False reorder=False",
    ]
    event = PromotionEvent.objects.get(family=FAMILY)
    assert (event.source, event.payload["actor"]) == ("manual", "cli")
    assert PromotionEvent.objects.count() == 3


def test_it_runs_one_family_when_asked(re_ranking_without_a_swap):
    assert promote("--family", FAMILY) == [
        "xgboost: decision=retain_production swap=False reorder=True"
    ]
    assert list(PromotionEvent.objects.values_list("family", flat=True)) == [FAMILY]


def test_a_dry_run_prints_the_same_lines_and_writes_nothing(re_ranking_without_a_swap):
    lines = promote("--dry-run")

    assert "xgboost: decision=retain_production swap=False reorder=True" in lines
    assert len(lines) == 3
    assert not PromotionEvent.objects.exists()
    assert promote("--family", FAMILY, "--dry-run") == [
        "xgboost: decision=retain_production swap=False reorder=True"
    ]
