"""An alias move or a reload request made in one process reaches a serving process elsewhere
(another gunicorn worker, another replica) through the generation stamp in the database."""

import json
import os
import subprocess
import sys

import pytest

from tests.integration.servers import ROOT, database_url_of_tests
from training.models import AliasChangeReason
from training.registry import services

pytestmark = pytest.mark.django_db(transaction=True)

PROBE = """
import json, sys, django
django.setup()
from training import serving
print(json.dumps(serving.preload(family="mnlogit")), flush=True)
for line in sys.stdin:
    serving.refresh("mnlogit")
    print(json.dumps([v for f, v in serving.cached_versions()]), flush=True)
"""


def test_an_alias_move_makes_another_process_drop_the_model_it_no_longer_needs(
    registered_version, settings
):
    v1, v2, v3 = (registered_version() for _ in range(3))
    services.aliases_move(
        family="mnlogit", moves={"Production": v1, "B": v2}, reason=AliasChangeReason.BOOTSTRAP,
        actor="t",
    )  # fmt: skip
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rpsweb.settings",
        "DATABASE_URL": database_url_of_tests(),
        "MLFLOW_TRACKING_URI": settings.MLFLOW_TRACKING_URI,
        "MLFLOW_ARTIFACT_ROOT": settings.MLFLOW_ARTIFACT_ROOT,
        "MODEL_CACHE_DIR": settings.MODEL_CACHE_DIR,
    }
    probe = subprocess.Popen(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert sorted(json.loads(probe.stdout.readline())) == ["1", "2"]

        services.aliases_move(
            family="mnlogit", moves={"B": v3}, reason=AliasChangeReason.REORDER, actor="t"
        )
        probe.stdin.write("check\n")
        probe.stdin.flush()

        assert json.loads(probe.stdout.readline()) == ["1"]
    finally:
        probe.kill()
        probe.wait(timeout=10)
