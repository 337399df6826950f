import pytest
from django.core.management.base import CommandError

from training.models import AliasChange
from training.registry import selectors
from training.registry import store as registry

pytestmark = pytest.mark.django_db


def test_it_moves_the_alias_and_says_where_it_pointed_before(registered_version, registry_cli):
    old = registered_version(aliases=["Production"])
    new = registered_version(aliases=["B"])

    output = registry_cli(
        "promote", "mnlogit", "2", "--alias", "Production", "--actor", "alice", "--note", "why"
    )

    assert output.splitlines()[0] == "mnlogit@Production: v1 → v2"
    assert "  v1: archived, holds no alias" in output
    assert "  v2: production, holds Production, B" in output
    assert registry.aliases("mnlogit") == {"Production": new.version, "B": new.version}
    assert selectors.alias_versions(family="mnlogit") == {"Production": 2, "B": 2}
    change = AliasChange.objects.order_by("-pk").first()
    assert (change.from_version, change.to_version) == (old, new)
    assert (change.reason, change.actor, change.note) == ("manual_promote", "alice", "why")


def test_only_the_named_alias_moves(registered_version, registry_cli):
    registered_version(aliases=["Production"])
    registered_version(aliases=["B"])
    registered_version(aliases=["shadow1"])

    registry_cli("promote", "mnlogit", "3", "--alias", "production")

    assert registry.aliases("mnlogit") == {"Production": 3, "B": 2, "shadow1": 3}
    assert selectors.alias_versions(family="mnlogit") == {"Production": 3, "B": 2, "shadow1": 3}


def test_an_alias_that_held_nothing_says_so(registered_version, registry_cli):
    registered_version()

    output = registry_cli("promote", "mnlogit", "1", "--alias", "shadow2")

    assert output.splitlines()[0] == "mnlogit@shadow2: — → v1"


def test_promoting_to_where_it_already_points_changes_nothing(registered_version, registry_cli):
    registered_version(aliases=["B"])
    changes = AliasChange.objects.count()

    output = registry_cli("promote", "mnlogit", "1", "--alias", "B")

    assert output.strip() == "mnlogit@B already points at v1."
    assert AliasChange.objects.count() == changes


@pytest.mark.parametrize("gates_passed", [None, False])
def test_a_version_without_passed_gates_is_refused_and_nothing_changes(
    registered_version, registry_cli, gates_passed
):
    registered_version(aliases=["Production"])
    ungated = registered_version(gates_passed=gates_passed)
    stage = ungated.stage
    changes = AliasChange.objects.count()

    with pytest.raises(CommandError, match="mnlogit v2 has not passed its gates"):
        registry_cli("promote", "mnlogit", "2", "--alias", "Production")

    assert registry.aliases("mnlogit") == {"Production": 1}
    assert selectors.alias_versions(family="mnlogit") == {"Production": 1}
    assert AliasChange.objects.count() == changes
    ungated.refresh_from_db()
    assert ungated.stage == stage


def test_the_alias_is_required(registered_version, registry_cli):
    registered_version()

    with pytest.raises(CommandError, match="--alias"):
        registry_cli("promote", "mnlogit", "1")
