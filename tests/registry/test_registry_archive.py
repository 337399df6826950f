import pytest
from django.core.management.base import CommandError

from training.models import Stage

pytestmark = pytest.mark.django_db


def test_it_archives_a_version_that_holds_no_alias(registered_version, registry_cli):
    version = registered_version()

    output = registry_cli("archive", "mnlogit", "1", "--actor", "bob", "--reason", "superseded")

    version.refresh_from_db()
    assert version.stage == Stage.ARCHIVED
    assert version.stage_reason == "archived by bob: superseded"
    assert output.strip() == "mnlogit v1 archived (archived by bob: superseded)."


def test_it_refuses_a_version_that_holds_an_alias(registered_version, registry_cli):
    version = registered_version(aliases=["Production", "shadow1"])

    with pytest.raises(CommandError, match="mnlogit v1 holds Production, shadow1: move those"):
        registry_cli("archive", "mnlogit", "1")

    version.refresh_from_db()
    assert version.stage == Stage.PRODUCTION


def test_a_rejected_version_stays_rejected(registered_version, registry_cli):
    version = registered_version(gates_passed=False)

    with pytest.raises(CommandError, match="rejected and stays so"):
        registry_cli("archive", "mnlogit", "1")

    version.refresh_from_db()
    assert version.stage == Stage.REJECTED


def test_archiving_twice_says_it_is_already_archived(registered_version, registry_cli):
    registered_version()
    registry_cli("archive", "mnlogit", "1", "--actor", "bob")

    output = registry_cli("archive", "mnlogit", "1", "--actor", "carol")

    assert output.strip() == "mnlogit v1 is already archived."
