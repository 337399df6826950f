"""Importing the settings only describes the installation; the folders the embedded default
writes to are made when Django starts (rpsweb.apps), in every kind of process alike."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import os, pathlib, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "rpsweb.settings"
import rpsweb.settings
var = pathlib.Path(os.environ["RPSWEB_VAR_DIR"])
print("after import:", var.exists())
import django
django.setup()
print("after setup:", sorted(str(p.relative_to(var)) for p in var.rglob("*")))
"""


def test_the_settings_make_no_folder_and_django_makes_the_ones_it_needs(tmp_path):
    var = tmp_path / "var"
    env = {**os.environ, "RPSWEB_VAR_DIR": str(var)}
    env.pop("REDIS_URL", None)  # the embedded default: the broker is a folder

    run = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "after import: False"
    assert lines[1] == (
        "after setup: ['celery-broker', 'celery-broker/control', 'celery-broker/processed', "
        "'celery-broker/queue', 'staticfiles']"
    )
