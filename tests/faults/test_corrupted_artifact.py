"""Bytes flipped in a Production model's artifact on disk, in the registry's store and in the
local model cache. A real gunicorn serving a game refuses the artifact (its SHA-256 no longer
matches the mirror), the game goes on with uniform probabilities, and /metrics says so: the
fallbacks counted with reason ``checksum_mismatch`` and ``rps_model_status`` at ``error``.

(tests/training/test_fallback.py covers the same refusal in-process, through the service.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from games.models import Game
from tests.faults.services import Browser, play_to_the_end
from tests.integration.servers import running_gunicorn
from tests.operations.test_metrics_endpoint import sample
from training import serving
from training.models import ModelVersion

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

FAMILY = "mnlogit"


def flip_a_byte(folder: Path) -> Path:
    """Invert one byte in the middle of the folder's largest file; the size stays the same."""
    target = max((p for p in folder.rglob("*") if p.is_file()), key=lambda p: p.stat().st_size)
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    return target


def test_a_corrupted_artifact_is_refused_and_counted_on_metrics(
    tmp_path: Path, settings, registered_version: Callable[..., ModelVersion]
) -> None:
    version = registered_version(FAMILY, aliases=("Production",))
    # A cached copy exists, as on a server that served the model before.
    serving.load_version(family=FAMILY, version=str(version.version))
    flip_a_byte(Path(settings.MODEL_CACHE_DIR) / FAMILY / str(version.version))
    flip_a_byte(Path(version.source_uri.removeprefix("file://")))

    with running_gunicorn(
        tmp_path,
        workers=1,
        REDIS_URL="",
        MLFLOW_TRACKING_URI=settings.MLFLOW_TRACKING_URI,
        MLFLOW_ARTIFACT_ROOT=settings.MLFLOW_ARTIFACT_ROOT,
        MODEL_CACHE_DIR=settings.MODEL_CACHE_DIR,
        ENABLE_AB_TESTING="false",
        THROTTLE_PLAY_RATE="100000/minute",
        THROTTLE_START_RATE="100000/minute",
    ) as base:
        player = Browser(base)
        game_id, statuses = play_to_the_end(player, move="scissors")
        metrics = player.request("GET", "/metrics").body.decode()

    game = Game.objects.get(pk=game_id)
    assert set(statuses) == {201}
    assert (game.status, game.model_alias, game.model_version) == (
        "finished",
        "Production",
        str(version.version),
    )
    sources = list(game.rounds.values_list("prediction_source", flat=True))
    assert set(sources) == {"gambit", "fallback"}
    refused = sample(metrics, "rps_model_loads_total", model=FAMILY, outcome="checksum_mismatch")
    fallbacks = sample(
        metrics, "rps_model_fallback_total", model=FAMILY, reason="checksum_mismatch"
    )
    assert refused == 1  # refused once; the failure is remembered, not retried every round
    assert fallbacks == sources.count("fallback")
    assert sample(metrics, "rps_model_status", model=FAMILY, status="error") == 1
    assert sample(metrics, "rps_model_status", model=FAMILY, status="ok") == 0
    assert sample(metrics, "rps_model_loads_total", model=FAMILY, outcome="ok") == 0
