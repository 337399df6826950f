"""Reading what /metrics exposes and which metric names a PromQL expression uses."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "deploy" / "grafana" / "dashboards" / "rpsweb.json"
PROMETHEUS = ROOT / "deploy" / "prometheus" / "prometheus.yml"
ALERTS = ROOT / "deploy" / "prometheus" / "alerts.yml"
DATASOURCES = ROOT / "deploy" / "grafana" / "provisioning" / "datasources" / "datasources.yml"
COMPOSE = ROOT / "docker-compose.yml"

SUFFIXES = {
    "counter": ("_total", "_created"),
    "histogram": ("_bucket", "_count", "_sum", "_created"),
    "summary": ("_count", "_sum", "_created"),
    "gauge": ("",),
}
# Prometheus makes `up` itself, for every target.
SCRAPER_MADE = {"up"}
# Identifiers that are ours or django-prometheus's; PromQL functions and keywords are neither.
METRIC = re.compile(r"\b((?:rps|django)_[a-zA-Z0-9_]+|up)\b")


def exposed_names(text: str) -> set[str]:
    """Every series name the exposition declares or samples (a labelled metric that has not
    counted yet is still declared, with its type)."""
    names: set[str] = set()
    for family in text_string_to_metric_families(text):
        names.update(family.name + suffix for suffix in SUFFIXES.get(family.type, ("",)))
        names.update(sample.name for sample in family.samples)
    return names


def sample_values(text: str, name: str) -> dict[tuple[tuple[str, str], ...], float]:
    """{sorted labels: value} of every sample called ``name``."""
    return {
        tuple(sorted(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name
    }


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression reads. Label matchers and label lists are dropped
    first, so a label called like a metric is not taken for one."""
    without_matchers = re.sub(r"\{[^}]*\}", "", expr)
    without_grouping = re.sub(
        r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", without_matchers
    )
    return set(METRIC.findall(without_grouping))


def dashboard() -> dict[str, Any]:
    return json.loads(DASHBOARD.read_text())


def dashboard_targets() -> list[dict[str, Any]]:
    targets = []
    for panel in dashboard()["panels"]:
        targets.extend(panel.get("targets", []))
        for inner in panel.get("panels", []):
            targets.extend(inner.get("targets", []))
    return targets


def dashboard_exprs() -> list[str]:
    return [t["expr"] for t in dashboard_targets() if "expr" in t]


def alert_exprs() -> list[str]:
    rules = yaml.safe_load(ALERTS.read_text())
    return [rule["expr"] for group in rules["groups"] for rule in group["rules"]]


def yaml_file(path: Path) -> Any:
    return yaml.safe_load(path.read_text())
