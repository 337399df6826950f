"""Plain-language pieces of the registry admin: a version's gate results as table rows. Pure:
no Django, so the wording is tested on its own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# The gates' own names, said the way an operator reads them (see training.learning.gates).
GATE_TITLES = {
    "min_samples": "enough training rows",
    "holdout_vs_baseline": "beats always-the-commonest-move on held-out rounds",
    "gauntlet": "wins against the scripted opponents",
    "backtest": "scores at least Production's points on recent rounds",
}


def format_value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}"
    if value is None:
        return "—"
    if isinstance(value, Mapping):
        return f"{len(value)} entries (see the raw results)"
    return str(value)


def gate_rows(results: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(gate, verdict, the figures it looked at) per gate, in the order the gates ran. A result
    that is not shaped like a gate's (an old or hand-made record) is shown as it is."""
    rows = []
    for gate, result in results.items():
        title = GATE_TITLES.get(gate, gate)
        name = f"{gate} ({title})" if title != gate else gate
        if not isinstance(result, Mapping):
            rows.append((name, "unknown", format_value(result)))
            continue
        passed = result.get("passed")
        # Only a bool is a verdict; anything else (even an unhashable value) is "unknown".
        verdict = ("passed" if passed else "failed") if isinstance(passed, bool) else "unknown"
        figures = ", ".join(
            f"{key} = {format_value(value)}" for key, value in result.items() if key != "passed"
        )
        rows.append((name, verdict, figures or "—"))
    return rows
