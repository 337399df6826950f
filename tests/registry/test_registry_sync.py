import pytest

from training.models import AliasAssignment, AliasChange, ModelVersion, Stage
from training.registry import selectors
from training.registry import store as registry

pytestmark = pytest.mark.django_db


def test_it_says_in_sync_when_mirror_and_registry_agree(registered_version, registry_cli):
    registered_version(aliases=["Production"])

    output = registry_cli("sync")

    assert output.splitlines() == ["feedforward: in sync", "xgboost: in sync", "mnlogit: in sync"]


def test_it_repairs_an_assignment_changed_behind_the_mirrors_back(registered_version, registry_cli):
    first = registered_version(aliases=["Production"])
    second = registered_version(aliases=["B"])
    AliasAssignment.objects.filter(family="mnlogit", alias="B").update(version=first)

    output = registry_cli("sync", "--family", "mnlogit", "--actor", "ops")

    assert output.strip() == "mnlogit@B: mirror had v1, registry has v2; mirror repaired"
    assert selectors.alias_versions(family="mnlogit") == {"Production": 1, "B": 2}
    repair = AliasChange.objects.get(reason="sync_repair")
    assert (repair.alias, repair.from_version, repair.to_version) == ("B", first, second)
    assert repair.actor == "ops"


def test_it_copies_an_alias_set_directly_in_mlflow(registered_version, registry_cli):
    registered_version(aliases=["Production"])
    second = registered_version()
    registry.set_alias("mnlogit", "shadow1", second.version)

    output = registry_cli("sync", "--family", "mnlogit")

    assert output.strip() == "mnlogit@shadow1: mirror had —, registry has v2; mirror repaired"
    assert selectors.alias_versions(family="mnlogit") == {"Production": 1, "shadow1": 2}
    repair = AliasChange.objects.get(reason="sync_repair")
    assert (repair.alias, repair.from_version, repair.to_version) == ("shadow1", None, second)


def test_it_removes_an_alias_the_registry_no_longer_has(registered_version, registry_cli):
    registered_version(aliases=["Production", "shadow2"])
    registry.delete_alias("mnlogit", "shadow2")

    output = registry_cli("sync", "--family", "mnlogit")

    assert "mnlogit@shadow2: mirror had v1, registry has —; mirror repaired" in output
    assert selectors.alias_versions(family="mnlogit") == {"Production": 1}


def test_it_records_a_version_found_only_in_the_registry_as_rejected(
    registered_version, registry_cli, tiny_models
):
    registered_version(aliases=["Production"])
    model = tiny_models("mnlogit")
    run_id, source = registry.log_run(
        family="mnlogit", params={}, metrics={}, tags={}, artifact_dir=model.folder
    )
    registry.register_version(family="mnlogit", run_id=run_id, source=source, sha256=model.sha256)

    output = registry_cli("sync", "--family", "mnlogit")

    assert "mnlogit: added versions 2 found only in the registry (marked rejected)" in output
    found = ModelVersion.objects.get(family="mnlogit", version=2)
    assert (found.stage, found.run_id, found.sha256) == (Stage.REJECTED, run_id, model.sha256)
    assert registry_cli("sync", "--family", "mnlogit").strip() == "mnlogit: in sync"
