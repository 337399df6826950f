"""When the pinned model cannot be had, games go on with uniform probabilities, counted."""

import shutil
from pathlib import Path

import pytest
from prometheus_client import REGISTRY

from games import services as play
from games.models import Round
from tests.factories import start_game
from training import serving
from training.models import AliasChangeReason
from training.registry import services

pytestmark = pytest.mark.django_db


def fallbacks(reason: str) -> float:
    value = REGISTRY.get_sample_value(
        "rps_model_fallback_total", {"model": "mnlogit", "reason": reason}
    )
    return value or 0.0


def status(name: str) -> float | None:
    return REGISTRY.get_sample_value("rps_model_status", {"model": "mnlogit", "status": name})


def pin_production(version, settings):
    settings.ENABLE_AB_TESTING = False
    services.aliases_move(
        family="mnlogit",
        moves={"Production": version},
        reason=AliasChangeReason.BOOTSTRAP,
        actor="t",
    )


def corrupt(folder: Path) -> None:
    target = next(p for p in folder.rglob("*") if p.is_file() and p.suffix == ".json")
    target.write_text(target.read_text() + " ")


def test_a_checksum_mismatch_is_refused_and_the_game_goes_on(registered_version, settings):
    version = registered_version()
    pin_production(version, settings)
    # Corrupt the artifact in the registry's store itself, so a fresh download is bad too.
    corrupt(Path(version.source_uri.removeprefix("file://")))
    before = fallbacks("checksum_mismatch")
    game = start_game(policy="logan")

    for _ in range(5):
        play.round_play(game_id=game.pk, move="rock", player=None)

    assert Round.objects.filter(game=game, prediction_source="fallback").count() == 2
    assert fallbacks("checksum_mismatch") - before == 2
    assert status("error") == 1
    assert status("ok") == 0


def test_a_tampered_local_copy_is_fetched_again(registered_version, settings):
    version = registered_version()
    pin_production(version, settings)
    serving.predictor_for(family="mnlogit", alias="Production", version=str(version.version))
    cached = Path(settings.MODEL_CACHE_DIR) / "mnlogit" / str(version.version)
    corrupt(cached)
    serving.cache_clear()

    predictor = serving.predictor_for(
        family="mnlogit", alias="Production", version=str(version.version)
    )

    assert predictor.source == "model"


def test_an_unreachable_artifact_store_means_uniform_fallback(registered_version, settings):
    version = registered_version()
    pin_production(version, settings)
    shutil.rmtree(settings.MODEL_CACHE_DIR, ignore_errors=True)
    store = Path(settings.MLFLOW_ARTIFACT_ROOT)
    store.rename(store.with_name("moved-away"))
    before = fallbacks("registry_unavailable")
    game = start_game(policy="logan")

    for _ in range(4):
        played = play.round_play(game_id=game.pk, move="paper", player=None)

    assert played.round.prediction_source == "fallback"
    assert (played.round.prob_rock, played.round.prob_paper) == (1 / 3, 1 / 3)
    assert fallbacks("registry_unavailable") - before == 1
    assert status("degraded") == 1


def test_a_model_served_from_the_cache_sets_the_status_back_to_ok(registered_version, settings):
    pin_production(registered_version(), settings)
    game = start_game(policy="logan")
    for _ in range(4):  # the fourth round loads the model
        play.round_play(game_id=game.pk, move="rock", player=None)
    # A game started while the family had no Production version: served by the baseline.
    serving.predictor_for(family="mnlogit", alias="Production", version="")
    assert (status("missing"), status("ok")) == (1, 0)

    play.round_play(game_id=game.pk, move="paper", player=None)

    assert (status("missing"), status("ok")) == (0, 1)
    assert Round.objects.get(game=game, round_no=5).prediction_source == "model"
