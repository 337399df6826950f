import pytest
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def _cells(output: str, first_cell: str) -> list[str]:
    for line in output.splitlines():
        if line.split()[:1] == [first_cell]:
            return line.split()
    raise AssertionError(f"no row {first_cell!r} in:\n{output}")


def test_it_puts_metrics_side_by_side_with_their_differences(registered_version, registry_cli):
    registered_version(metrics={"holdout_accuracy": 0.5, "only_old": 1.0})
    registered_version(metrics={"holdout_accuracy": 0.625, "only_new": 2.0})

    output = registry_cli("compare", "mnlogit", "1", "2")

    assert output.startswith("mnlogit: v1 against v2")
    assert _cells(output, "metric") == ["metric", "v1", "v2", "v2", "minus", "v1"]
    assert _cells(output, "holdout_accuracy") == ["holdout_accuracy", "0.5000", "0.6250", "+0.1250"]
    assert _cells(output, "only_old") == ["only_old", "1.0000", "—", "—"]
    assert _cells(output, "only_new") == ["only_new", "—", "2.0000", "—"]
    assert _cells(output, "rows") == ["rows", "400", "400", "+0"]


def test_it_puts_gate_results_stage_and_aliases_side_by_side(registered_version, registry_cli):
    registered_version(aliases=["Production"])
    registered_version(gates_passed=False)

    output = registry_cli("compare", "mnlogit", "v1", "v2")

    assert _cells(output, "holdout_vs_baseline") == ["holdout_vs_baseline", "passed", "failed"]
    assert _cells(output, "min_samples") == ["min_samples", "passed", "passed"]
    assert _cells(output, "(all") == ["(all", "gates)", "passed", "failed"]
    assert _cells(output, "stage") == ["stage", "production", "rejected"]
    assert _cells(output, "aliases") == ["aliases", "Production", "—"]


def test_a_version_compared_with_itself_is_refused(registered_version, registry_cli):
    registered_version()

    with pytest.raises(CommandError, match="two different versions"):
        registry_cli("compare", "mnlogit", "1", "v1")


def test_both_versions_must_exist(registered_version, registry_cli):
    registered_version()

    with pytest.raises(CommandError, match="mnlogit has no version 2"):
        registry_cli("compare", "mnlogit", "1", "2")
