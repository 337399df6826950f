import json

import pytest
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def _fact(label: str, value: str) -> str:
    return f"  {label + ':':<18}{value}\n"


def test_it_shows_everything_the_mirror_knows_as_text(registered_version, registry_cli):
    version = registered_version(aliases=["B", "shadow1"], metrics={"tiny_loss": 5e-05})

    output = registry_cli("info", "mnlogit", str(version.version))

    assert output.startswith(f"rps_bot_mnlogit v{version.version} (mnlogit)")
    for expected in (
        _fact("aliases held", "B, shadow1"),
        _fact("gates", "passed"),
        _fact("run id", version.run_id),
        _fact("source", version.source_uri),
        _fact("sha256", version.sha256),
        f"  holdout_accuracy            {version.metrics['holdout_accuracy']:.4f}",
        "  rows                        400",
        "  tiny_loss                   5e-05",
        "  C                           1.0\n",
        "  tol                         1e-06\n",
        "  value_tier_terms            true\n",
        "  min_samples           passed, rows=400, threshold=400",
        "  holdout_vs_baseline   passed, accuracy=",
    ):
        assert expected in output
    assert _fact("stage", "staging (holds B, shadow1)") in output


def test_json_output_carries_the_same_facts(registered_version, registry_cli):
    version = registered_version(aliases=["Production"])

    details = json.loads(registry_cli("info", "mnlogit", f"v{version.version}", "--json"))

    assert details["version"] == version.version
    assert details["stage"] == "production"
    assert details["aliases"] == ["Production"]
    assert details["sha256"] == version.sha256
    assert details["run_id"] == version.run_id
    assert details["source_uri"] == version.source_uri
    assert details["metrics"] == version.metrics
    assert details["sample_counts"] == {"rows": 400, "games": 16}
    assert details["gate_results"]["holdout_vs_baseline"]["passed"] is True
    assert details["gates_passed"] is True


def test_a_version_never_gated_says_so(registered_version, registry_cli):
    version = registered_version(gates_passed=None)

    output = registry_cli("info", "mnlogit", str(version.version))

    assert _fact("gates", "not run") in output
    assert "Gate results:\n  —" in output


def test_an_unknown_version_names_the_known_ones(registered_version, registry_cli):
    registered_version()
    registered_version()

    with pytest.raises(CommandError, match=r"mnlogit has no version 9 \(known: 1, 2\)"):
        registry_cli("info", "mnlogit", "9")


def test_a_version_that_is_not_a_number_is_refused(registry_cli):
    with pytest.raises(CommandError, match="'latest' is not a version number"):
        registry_cli("info", "mnlogit", "latest")
