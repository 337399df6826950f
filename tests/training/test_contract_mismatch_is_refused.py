"""A version trained on another feature contract is never served: uniform fallback, counted."""

from pathlib import Path

import pytest
from prometheus_client import REGISTRY

from games import services as play
from games.engine.features import FEATURE_CONTRACT_VERSION
from games.models import Round
from tests.factories import start_game
from training import serving
from training.models import AliasChangeReason, ModelVersion
from training.registry import services

pytestmark = pytest.mark.django_db


def fallbacks(reason: str) -> float:
    value = REGISTRY.get_sample_value(
        "rps_model_fallback_total", {"model": "mnlogit", "reason": reason}
    )
    return value or 0.0


def loads(outcome: str) -> float:
    value = REGISTRY.get_sample_value(
        "rps_model_loads_total", {"model": "mnlogit", "outcome": outcome}
    )
    return value or 0.0


def status(name: str) -> float | None:
    return REGISTRY.get_sample_value("rps_model_status", {"model": "mnlogit", "status": name})


def pin_production(version: ModelVersion, settings) -> None:
    settings.ENABLE_AB_TESTING = False
    services.aliases_move(
        family="mnlogit",
        moves={"Production": version},
        reason=AliasChangeReason.BOOTSTRAP,
        actor="t",
    )


def older_contract(version: ModelVersion) -> ModelVersion:
    ModelVersion.objects.filter(pk=version.pk).update(feature_contract_version="1")
    version.refresh_from_db()
    return version


def test_the_running_contract_is_version_two() -> None:
    assert FEATURE_CONTRACT_VERSION == "2"


def test_a_version_of_another_contract_is_refused_and_the_game_goes_on(
    registered_version, settings
):
    version = older_contract(registered_version())
    pin_production(version, settings)
    before = fallbacks("contract_mismatch")
    game = start_game(policy="logan")

    for _ in range(6):
        played = play.round_play(game_id=game.pk, move="scissors", player=None)

    # Three gambit rounds need no prediction; the other three fell back to uniform.
    assert Round.objects.filter(game=game, prediction_source="fallback").count() == 3
    assert (played.round.prob_rock, played.round.prob_paper) == (1 / 3, 1 / 3)
    assert fallbacks("contract_mismatch") - before == 3
    assert status("error") == 1


def test_it_is_refused_before_the_artifact_is_fetched(registered_version, settings):
    version = older_contract(registered_version())
    before = loads("contract_mismatch")

    with pytest.raises(serving.ModelUnavailable) as refused:
        serving.load_version(family="mnlogit", version=str(version.version))

    assert refused.value.reason == "contract_mismatch"
    assert "'1'" in str(refused.value) and f"'{FEATURE_CONTRACT_VERSION}'" in str(refused.value)
    assert not (Path(settings.MODEL_CACHE_DIR) / "mnlogit" / str(version.version)).exists()
    predictor = serving.predictor_for(
        family="mnlogit", alias="Production", version=str(version.version)
    )
    assert predictor.source == "fallback"
    assert loads("contract_mismatch") - before == 1


def test_a_version_of_this_contract_is_served(registered_version, settings):
    version = registered_version()
    assert version.feature_contract_version == FEATURE_CONTRACT_VERSION

    predictor = serving.predictor_for(
        family="mnlogit", alias="Production", version=str(version.version)
    )

    assert predictor.source == "model"
