import pytest
from django.core.management.base import CommandError

from training.models import AliasChange, Stage
from training.registry import selectors
from training.registry import store as registry

pytestmark = pytest.mark.django_db


def test_it_restores_the_version_the_alias_held_before_its_last_change(
    registered_version, registry_cli
):
    old = registered_version(aliases=["Production"])
    registered_version()
    registry_cli("promote", "mnlogit", "2", "--alias", "Production")

    output = registry_cli("rollback", "mnlogit", "--actor", "alice")

    assert output.splitlines()[0] == "mnlogit@Production: v2 → v1"
    assert registry.aliases("mnlogit") == {"Production": 1}
    assert selectors.alias_versions(family="mnlogit") == {"Production": 1}
    old.refresh_from_db()
    assert old.stage == Stage.PRODUCTION
    change = AliasChange.objects.order_by("-pk").first()
    assert (change.reason, change.actor, change.note) == ("rollback", "alice", "rolled back to v1")


def test_it_rolls_back_the_alias_it_is_given(registered_version, registry_cli):
    registered_version(aliases=["Production", "B"])
    registered_version()
    registry_cli("promote", "mnlogit", "2", "--alias", "B")

    registry_cli("rollback", "mnlogit", "--alias", "B")

    assert registry.aliases("mnlogit") == {"Production": 1, "B": 1}


def test_it_points_the_alias_at_the_version_it_is_told(registered_version, registry_cli):
    registered_version()
    registered_version(aliases=["Production"])
    registered_version()
    registry_cli("promote", "mnlogit", "3", "--alias", "Production")

    output = registry_cli("rollback", "mnlogit", "--to", "1")

    assert output.splitlines()[0] == "mnlogit@Production: v3 → v1"
    assert registry.aliases("mnlogit") == {"Production": 1}


def test_an_alias_that_never_moved_has_nothing_to_roll_back_to(registered_version, registry_cli):
    registered_version(aliases=["Production"])

    with pytest.raises(CommandError, match="mnlogit@B has never moved"):
        registry_cli("rollback", "mnlogit", "--alias", "B")


def test_an_alias_whose_first_assignment_was_its_last_change_is_refused(
    registered_version, registry_cli
):
    registered_version(aliases=["Production"])

    with pytest.raises(CommandError, match="held no version before its last change"):
        registry_cli("rollback", "mnlogit")

    assert registry.aliases("mnlogit") == {"Production": 1}


def test_rolling_back_to_an_ungated_version_is_refused(registered_version, registry_cli):
    registered_version(aliases=["Production"])
    registered_version(gates_passed=None)

    with pytest.raises(CommandError, match="has not passed its gates"):
        registry_cli("rollback", "mnlogit", "--to", "2")

    assert registry.aliases("mnlogit") == {"Production": 1}
