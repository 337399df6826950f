import pytest
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def _row(output: str, family: str, version: int) -> list[str]:
    for line in output.splitlines():
        cells = line.split()
        if cells[:2] == [family, str(version)]:
            return cells
    raise AssertionError(f"no row for {family} v{version} in:\n{output}")


def test_it_lists_every_version_with_stage_aliases_gates_and_accuracy(
    registered_version, registry_cli
):
    production = registered_version(aliases=["Production"], metrics={"holdout_accuracy": 0.61})
    registered_version(gates_passed=False)
    registered_version(gates_passed=None)

    output = registry_cli("list")

    assert output.splitlines()[0].split()[:5] == ["family", "version", "stage", "aliases", "gates"]
    assert _row(output, "mnlogit", production.version)[2:6] == [
        "production",
        "Production",
        "passed",
        "0.6100",
    ]
    assert _row(output, "mnlogit", 2)[2:5] == ["rejected", "—", "failed"]
    assert _row(output, "mnlogit", 3)[2:6] == ["development", "—", "not", "run"]


def test_it_lists_newest_versions_first(registered_version, registry_cli):
    registered_version()
    registered_version()

    lines = registry_cli("list", "--family", "mnlogit").splitlines()

    assert [line.split()[1] for line in lines[1:]] == ["2", "1"]


def test_the_family_filter_keeps_only_that_family(registered_version, registry_cli):
    registered_version("mnlogit")
    registered_version("xgboost")

    output = registry_cli("list", "--family", "xgboost")

    assert _row(output, "xgboost", 1)
    assert "mnlogit" not in output


def test_it_says_so_when_nothing_is_registered(registry_cli):
    assert registry_cli("list").strip() == "No versions registered."


def test_an_unknown_family_is_refused(registry_cli):
    with pytest.raises(CommandError, match="unknown family 'bogus'"):
        registry_cli("list", "--family", "bogus")
