"""Alias moves reach MLflow and our mirror together, or neither."""

import pytest

from training.models import AliasAssignment, AliasChange, AliasChangeReason, ServingGeneration
from training.registry import services
from training.registry import store as registry

pytestmark = pytest.mark.django_db


def move(**moves):
    return services.aliases_move(
        family="mnlogit", moves=moves, reason=AliasChangeReason.MANUAL_PROMOTE, actor="tester"
    )


def mirrored() -> dict[str, int]:
    return dict(AliasAssignment.objects.values_list("alias", "version__version"))


def test_a_move_reaches_the_registry_the_mirror_and_the_audit_trail(registered_version):
    v1, v2 = registered_version(), registered_version()

    changes = move(Production=v1, B=v2)

    assert registry.aliases("mnlogit") == mirrored() == {"Production": 1, "B": 2}
    assert [(c.alias, c.from_version, c.to_version.version) for c in changes] == [
        ("Production", None, 1),
        ("B", None, 2),
    ]
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.stage, v2.stage) == ("production", "staging")
    assert ServingGeneration.objects.get(family="mnlogit").generation >= 1


def test_a_version_that_loses_its_last_alias_is_archived(registered_version):
    v1, v2 = registered_version(), registered_version()
    move(shadow2=v1)

    move(shadow2=v2)

    v1.refresh_from_db()
    assert v1.stage == "archived"
    assert "superseded" in v1.stage_reason


def test_a_version_without_passed_gates_never_gets_an_alias(registered_version):
    ungated = registered_version(gates_passed=False)

    with pytest.raises(services.AliasMoveFailed):
        move(shadow2=ungated)

    assert registry.aliases("mnlogit") == {}
    assert mirrored() == {}
    assert AliasChange.objects.count() == 0


def test_when_the_registry_refuses_nothing_changes(registered_version, settings):
    v1, v2 = registered_version(), registered_version()
    move(Production=v1)
    audit_rows = AliasChange.objects.count()
    settings.MLFLOW_TRACKING_URI = "http://127.0.0.1:1"  # nothing listens there

    with pytest.raises(services.AliasMoveFailed):
        move(Production=v2)

    assert mirrored() == {"Production": 1}
    assert AliasChange.objects.count() == audit_rows


def test_a_move_that_changes_nothing_writes_nothing(registered_version):
    v1 = registered_version()
    move(Production=v1)

    assert move(Production=v1) == []
    assert AliasChange.objects.count() == 1


def test_sync_copies_the_registrys_aliases_into_the_mirror(registered_version):
    v1, v2 = registered_version(), registered_version()
    move(Production=v1)
    registry.set_alias("mnlogit", "Production", v2.version)  # behind the mirror's back

    repaired = services.registry_sync(family="mnlogit")

    assert repaired["aliases"] == ["Production"]
    assert mirrored() == {"Production": 2}
    assert AliasChange.objects.filter(reason="sync_repair").count() == 1
    assert services.registry_sync(family="mnlogit") == {"versions": [], "aliases": []}


def test_sync_takes_an_alias_away_from_an_ungated_version_instead_of_serving_it(
    registered_version,
):
    gated, ungated = registered_version(), registered_version(gates_passed=False)
    move(Production=gated)
    registry.set_alias("mnlogit", "B", ungated.version)

    services.registry_sync(family="mnlogit")

    assert registry.aliases("mnlogit") == mirrored() == {"Production": 1}


def test_sync_brings_stages_in_line_with_the_aliases(registered_version):
    v1, v2 = registered_version(), registered_version()
    move(Production=v1, B=v2)
    registry.set_alias("mnlogit", "Production", v2.version)
    registry.set_alias("mnlogit", "B", v1.version)

    services.registry_sync(family="mnlogit")

    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.stage, v2.stage) == ("staging", "production")
