import pytest
from django.core.management.base import CommandError

from training.models import AliasChangeReason
from training.registry import services

pytestmark = pytest.mark.django_db


def test_it_prints_the_audit_trail_newest_first(registered_version, registry_cli):
    first = registered_version(aliases=["Production"])
    second = registered_version()
    services.aliases_move(
        family="mnlogit",
        moves={"Production": second},
        reason=AliasChangeReason.MANUAL_PROMOTE,
        actor="alice",
        note="better backtest",
    )

    lines = registry_cli("history").splitlines()

    assert lines[0].split() == [
        "time",
        "family",
        "alias",
        "from",
        "→",
        "to",
        "reason",
        "actor",
        "note",
    ]
    newest, oldest = lines[1].split(), lines[2].split()
    assert newest[2:] == [
        "mnlogit",
        "Production",
        f"v{first.version}",
        "→",
        f"v{second.version}",
        "manual_promote",
        "alice",
        "better",
        "backtest",
    ]
    assert oldest[2:] == ["mnlogit", "Production", "—", "→", "v1", "bootstrap", "system:tests"]


def test_family_and_limit_narrow_it(registered_version, registry_cli):
    registered_version("mnlogit", aliases=["Production", "B"])
    registered_version("xgboost", aliases=["Production"])

    only_mnlogit = registry_cli("history", "--family", "mnlogit").splitlines()[1:]
    just_one = registry_cli("history", "--limit", "1").splitlines()[1:]

    assert len(only_mnlogit) == 2
    assert all(" mnlogit " in line for line in only_mnlogit)
    assert len(just_one) == 1
    assert " xgboost " in just_one[0]


def test_an_empty_trail_says_so(registry_cli):
    assert registry_cli("history", "--family", "xgboost").strip() == (
        "No alias changes recorded for xgboost."
    )


def test_a_limit_below_one_is_refused(registry_cli):
    with pytest.raises(CommandError, match="--limit must be at least 1"):
        registry_cli("history", "--limit", "0")
