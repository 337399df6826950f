"""Every metric the Grafana dashboard and the alert rules query is one /metrics exposes (ours or
django-prometheus's) after real games, a scoring run and a cycle; the decision values they filter
on are the ones the promotion ledger can hold; every datasource they use is provisioned."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from promotion.models import Decision
from promotion.services import cycle_run
from tests.observability.exposition import (
    DATASOURCES,
    SCRAPER_MADE,
    alert_exprs,
    dashboard,
    dashboard_exprs,
    dashboard_targets,
    exposed_names,
    metric_names,
    yaml_file,
)
from tests.training_tasks.helpers import played
from training.lifecycle.accuracy import challenger_accuracy_update

DECISIONS = {d.value for d in Decision}


@pytest.fixture
def exposition(client, always, settings) -> str:
    settings.PROMOTION_METHOD = "point"
    always("rock", aliases=["Production", "shadow2"])
    always("paper", aliases=["B"])
    always("scissors", aliases=["shadow1"])
    for _ in range(4):
        played()
    challenger_accuracy_update(family="mnlogit", until=timezone.now())
    cycle_run(family="mnlogit")
    client.get("/api/v1/ping/")  # so that django-prometheus has seen a view
    return client.get("/metrics").content.decode()


def test_metric_names_are_found_in_promql():
    names = metric_names(
        'sum by (model, alias) (rate(rps_x_total{alias="rps_y"}[5m])) / on (model) up'
        " + histogram_quantile(0.9, sum by (le) (rate(django_z_bucket[1m])))"
    )
    assert names == {"rps_x_total", "up", "django_z_bucket"}


@pytest.mark.django_db(transaction=True)
def test_every_metric_the_dashboard_and_alerts_query_is_exposed(exposition):
    exposed = exposed_names(exposition) | SCRAPER_MADE
    used = {name for expr in dashboard_exprs() + alert_exprs() for name in metric_names(expr)}

    assert len(used) >= 20, used
    assert used - exposed == set()
    # The SPEC's names are among them.
    for name in (
        "rps_model_games_by_alias_total",
        "rps_model_game_wins_by_alias_total",
        "rps_model_game_losses_by_alias_total",
        "rps_model_games_since_production_swap",
        "rps_model_promotion_cycles_since_swap",
        "rps_model_promotion_events_total",
        "rps_model_promotion_reorders_total",
        "rps_model_fallback_total",
        "rps_model_prediction_accuracy",
        "rps_model_status",
        "rps_model_age_seconds",
        "rps_model_inference_seconds_bucket",
    ):
        assert name in used, name


def test_decision_filters_use_real_decision_values():
    exprs = dashboard_exprs() + alert_exprs()
    in_promql = {v for e in exprs for v in re.findall(r'decision=~?"([^"$]+)"', e)}
    ledger_filters = [t["filterExpression"] for t in dashboard_targets() if "filterExpression" in t]
    in_ledger = {v for f in ledger_filters for v in re.findall(r"decision == '([^']+)'", f)}
    variable = next(v for v in dashboard()["templating"]["list"] if v["name"] == "decision")
    in_variable = set(variable["query"].split(","))

    assert in_promql == DECISIONS  # a panel for each of the three
    assert in_ledger and in_ledger <= DECISIONS
    assert in_variable == DECISIONS
    assert {o["value"] for o in variable["options"]} == DECISIONS


def test_every_datasource_the_dashboard_uses_is_provisioned():
    provisioned = {d["uid"]: d for d in yaml_file(DATASOURCES)["datasources"]}
    used = {t["datasource"]["uid"] for t in dashboard_targets()}
    used |= {p["datasource"]["uid"] for p in dashboard()["panels"] if "datasource" in p}

    assert used == set(provisioned)
    ledger = provisioned["rpsweb-ledger"]
    assert ledger["type"] == "yesoreyeram-infinity-datasource"
    assert ledger["jsonData"]["auth_method"] == "bearerToken"
    assert ledger["secureJsonData"]["bearerToken"] == "$INTERNAL_API_TOKEN"
    urls = {t["url"] for t in dashboard_targets() if t.get("source") == "url"}
    assert urls == {"/internal/promotion/history"}


def test_ledger_columns_are_fields_of_the_history_endpoint():
    from promotion.api.serializers import HISTORY_FIELDS

    columns = {
        c["selector"] for t in dashboard_targets() if t.get("source") == "url" for c in t["columns"]
    }
    assert columns and columns <= set(HISTORY_FIELDS)
    filtered_on = {
        field
        for t in dashboard_targets()
        if "filterExpression" in t
        for field in re.findall(r"\b([a-z_]+) (?:==|IN)", t["filterExpression"])
    }
    assert filtered_on == {"decision", "family"}
