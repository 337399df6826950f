"""Counters and since-swap figures live in the database, so a fresh process (a restarted web
or worker process) sees the same figures: a cycle run in another Python process records the
since-swap figures this process computed."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.db import connections

from promotion.models import PromotionEvent
from promotion.services import cycle_run
from tests.integration.servers import ROOT, database_url_of_tests
from tests.promotion.conftest import set_counters
from training import serving

FAMILY = "xgboost"

CYCLE_IN_A_NEW_PROCESS = """
import django, json
django.setup()
from promotion.services import cycle_run
print(json.dumps(cycle_run(family="xgboost", source="manual", actor="restart").event_id))
"""


def since_swap(event: PromotionEvent) -> tuple[int, int, int, int, int]:
    return (
        event.production_games_since_swap,
        event.production_wins_since_swap,
        event.b_games_since_swap,
        event.b_wins_since_swap,
        event.promotion_cycles_since_swap,
    )


@pytest.mark.django_db(transaction=True)
def test_a_new_process_sees_the_same_since_swap_figures(four_aliases, settings):
    four_aliases(FAMILY)
    settings.PROMOTION_METHOD = "point"
    settings.PROMOTION_MIN_GAMES = 3
    set_counters(FAMILY, "Production", games=10, wins=2)
    set_counters(FAMILY, "B", games=10, wins=9)
    swap = PromotionEvent.objects.get(pk=cycle_run(family=FAMILY).event_id)
    set_counters(FAMILY, "Production", games=13, wins=4)
    set_counters(FAMILY, "B", games=11, wins=9)
    here = PromotionEvent.objects.get(pk=cycle_run(family=FAMILY).event_id)
    # "Restart": nothing this process holds in memory may matter to the next cycle.
    connections.close_all()
    serving.cache_clear()

    env = {
        **os.environ,
        "DATABASE_URL": database_url_of_tests(),
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "rpsweb.settings"),
        "MLFLOW_TRACKING_URI": django_settings.MLFLOW_TRACKING_URI,
        "MLFLOW_ARTIFACT_ROOT": django_settings.MLFLOW_ARTIFACT_ROOT,
        "PROMOTION_METHOD": "point",
        "PROMOTION_MIN_GAMES": "3",
    }
    done = subprocess.run(
        [sys.executable, "-c", CYCLE_IN_A_NEW_PROCESS],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    there = PromotionEvent.objects.get(pk=json.loads(done.stdout.strip().splitlines()[-1]))

    assert swap.decision == "swap_production_b"
    assert since_swap(here)[:4] == (3, 2, 1, 0)
    assert since_swap(there) == (*since_swap(here)[:4], since_swap(here)[4] + 1)
    assert (there.production_total_games, there.b_total_games) == (13, 11)
    assert there.payload["actor"] == "restart"
