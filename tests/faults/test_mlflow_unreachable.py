"""The MLflow server (tracking, registry and artifacts) is killed after models were registered
through it. Games go on: with the model already in this process's cache, or with the uniform
fallback, counted with its reason. Registering and promoting fail cleanly: a promotion cycle
records a ``CycleFailure`` (and its metric) and moves nothing, in our mirror, our audit trail or
the registry's own store.

(The server is not started again: an ``mlflow server`` takes 15-30 s to start on this machine.)"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from prometheus_client import REGISTRY

from games import services as play
from games.models import Game
from promotion.models import CycleFailure, PromotionEvent
from promotion.services import cycle_run
from tests.factories import start_game
from tests.faults.services import MlflowServer, mlflow_server
from tests.promotion.conftest import set_counters
from tests.registry.conftest import (  # noqa: F401  (fixtures)
    TinyModel,
    empty_mlflow_db,
    register_tiny_version,
    tiny_models,
)
from training import serving
from training.models import AliasAssignment, AliasChange, ModelVersion
from training.registry import store as registry

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

FAMILY = "mnlogit"


def metric(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, {"model": FAMILY, **labels}) or 0.0


def mirror() -> dict[str, int]:
    return dict(
        AliasAssignment.objects.filter(family=FAMILY).values_list("alias", "version__version")
    )


@pytest.fixture
def server(settings, tmp_path: Path, empty_mlflow_db: Path) -> Iterator[MlflowServer]:  # noqa: F811
    with mlflow_server(template_db=empty_mlflow_db) as running:
        settings.MLFLOW_TRACKING_URI = running.uri
        settings.MODEL_CACHE_DIR = str(tmp_path / "model-cache")
        serving.cache_clear()
        yield running
    serving.cache_clear()


def _play(game: Game, rounds: int) -> Game:
    for _ in range(rounds):
        game = play.round_play(game_id=game.pk, move="paper", player=None).game
        if game.is_finished:
            break
    return game


def test_games_go_on_and_a_cycle_moves_nothing_while_mlflow_is_down(
    server: MlflowServer,
    settings,
    client,
    tiny_models: Callable[[str], TinyModel],  # noqa: F811
) -> None:
    model = tiny_models(FAMILY)
    production = register_tiny_version(model, aliases=("Production",))
    b = register_tiny_version(model, aliases=("B",))
    # B's bot wins more: the next cycle swaps Production and B.
    settings.PROMOTION_METHOD = "point"
    set_counters(FAMILY, "Production", games=10, wins=2)
    set_counters(FAMILY, "B", games=10, wins=8)
    # Production is loaded in this process (as a web worker that served it would have it).
    loaded = serving.predictor_for(
        family=FAMILY, alias="Production", version=str(production.version)
    )
    assert loaded.source == "model"
    settings.ENABLE_AB_TESTING = True
    settings.AB_B_SHARE = 0.0
    production_game = start_game(policy="logan")
    settings.AB_B_SHARE = 1.0
    b_game = start_game(policy="logan")
    assert (production_game.model_alias, b_game.model_alias) == ("Production", "B")
    before = {
        "mirror": mirror(),
        "changes": AliasChange.objects.count(),
        "stages": dict(ModelVersion.objects.values_list("version", "stage")),
        "fallbacks": metric("rps_model_fallback_total", reason="registry_unavailable"),
        "failures": metric("rps_model_promotion_failures_total", stage="apply"),
    }

    server.kill()

    production_game = _play(production_game, 12)
    b_game = _play(b_game, 12)
    production_sources = set(production_game.rounds.values_list("prediction_source", flat=True))
    b_fallbacks = b_game.rounds.filter(prediction_source="fallback").count()
    with pytest.raises(registry.RegistryUnavailable):
        register_tiny_version(model)
    health = client.get("/healthz").json()
    report = cycle_run(family=FAMILY)

    # Games went on: the cached model kept answering; the other game got uniform, counted.
    assert production_sources <= {"gambit", "model"} and "model" in production_sources
    assert b_fallbacks > 0
    assert set(b_game.rounds.values_list("prediction_source", flat=True)) <= {"gambit", "fallback"}
    fallbacks = metric("rps_model_fallback_total", reason="registry_unavailable")
    assert fallbacks - before["fallbacks"] == b_fallbacks
    assert metric("rps_model_status", status="degraded") == 1
    assert (health["status"], health["checks"]["registry"]["ok"]) == ("degraded", False)
    # Nothing was registered or moved, and the failure was recorded.
    assert report.failed and report.failed.startswith("apply")
    failure = CycleFailure.objects.get(family=FAMILY)
    assert (failure.stage, failure.source) == ("apply", "schedule")
    assert "registry" in failure.error
    assert metric("rps_model_promotion_failures_total", stage="apply") == before["failures"] + 1
    assert PromotionEvent.objects.filter(family=FAMILY).count() == 0
    assert mirror() == before["mirror"] == {"Production": production.version, "B": b.version}
    assert AliasChange.objects.count() == before["changes"]
    assert dict(ModelVersion.objects.values_list("version", "stage")) == before["stages"]

    # The registry itself is as it was: read the dead server's own store.
    settings.MLFLOW_TRACKING_URI = f"sqlite:///{server.folder / 'mlflow.db'}"
    assert registry.aliases(FAMILY) == before["mirror"]
