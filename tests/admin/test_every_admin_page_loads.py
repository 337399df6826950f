"""Every model of ours in the admin, on a populated database: its list, each of its list
filters, its search and one change page load for a superuser, within a bounded number of
queries (a list that queried per row would blow the bound)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse
from django.utils import timezone

from promotion.models import CycleFailure, Source
from promotion.services import cycle_run
from tests.factories import PlayerFactory, finished_game, start_game
from training.models import (
    AccuracyWatermark,
    AliasAssignment,
    ChallengerAccuracy,
    ModelVersion,
    TrainingLock,
)

pytestmark = pytest.mark.django_db

OUR_APPS = {"games", "training", "promotion"}
# The pages take at most 11 queries; a list querying once per row of ROWS would go past this.
MAX_QUERIES = 15
ROWS = 16
CHOICES_PER_FILTER = 4


def _ours() -> list[tuple[type[models.Model], admin.ModelAdmin]]:
    return sorted(
        (
            (model, model_admin)
            for model, model_admin in admin.site._registry.items()
            if model._meta.app_label in OUR_APPS
        ),
        key=lambda pair: pair[0]._meta.label,
    )


def _value_at(row: models.Model, path: str) -> object:
    """The value a list filter like ``player__kind`` or ``version`` sees on ``row``."""
    *relations, last = path.split("__")
    target: models.Model = row
    for relation in relations:
        target = getattr(target, relation)
    return getattr(target, target._meta.get_field(last).attname)


@pytest.fixture
def populated(registered_version) -> None:
    for family in ("mnlogit", "xgboost"):
        registered_version(family, aliases=("Production", "B"))
        registered_version(family, aliases=("shadow1",))
    for policy in ("brian", "forrest", "logan"):
        finished_game(policy=policy)
    # Enough players (with accounts) and games that a query per row would blow the bound.
    User = get_user_model()
    for n in range(ROWS):
        user = User.objects.create_user(f"user{n}")
        start_game(player=PlayerFactory(user=user), policy=("brian", "forrest", "logan")[n % 3])
    for family in ("mnlogit", "xgboost"):
        cycle_run(family=family, actor="tests")
    production = AliasAssignment.objects.select_related("version").get(
        family="mnlogit", alias="Production"
    )
    ChallengerAccuracy.objects.create(
        family="mnlogit", alias="Production", version=production.version, rounds=40, correct=22
    )
    TrainingLock.objects.create(
        family="mnlogit",
        owner="worker-1",
        acquired_at=timezone.now(),
        locked_until=timezone.now() + timedelta(minutes=20),
    )
    AccuracyWatermark.objects.create(family="mnlogit", last_finished_at=timezone.now())
    CycleFailure.objects.create(
        family="xgboost", stage="registry", error="MLflow unreachable", source=Source.SCHEDULE
    )


@pytest.fixture
def superuser_client(client):
    client.force_login(get_user_model().objects.create_superuser("root", "r@example.com", "pw"))
    return client


def test_every_model_of_ours_is_in_the_admin() -> None:
    registered = {model for model, _ in _ours()}
    expected = {model for app in OUR_APPS for model in apps.get_app_config(app).get_models()}
    assert expected - registered == set()


@pytest.mark.parametrize("label", [model._meta.label for model, _ in _ours()])
def test_the_list_filters_search_and_a_change_page_load(
    label, populated, superuser_client, django_assert_max_num_queries
) -> None:
    model, model_admin = next(pair for pair in _ours() if pair[0]._meta.label == label)
    meta = model._meta
    changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")

    with django_assert_max_num_queries(MAX_QUERIES):
        page = superuser_client.get(changelist)
    assert page.status_code == 200

    row = model.objects.order_by("pk").first()
    assert row is not None, f"the populated database has no {label}"
    for name in model_admin.list_filter:
        if not isinstance(name, str):
            continue
        value = _value_at(row, name)
        if value is None:
            continue
        if isinstance(value, bool):
            value = int(value)
        response = superuser_client.get(changelist, {f"{name}__exact": value})
        assert response.status_code == 200, (name, value)
        assert response.context["cl"].result_count >= 1, (name, value)  # the row itself
    # Every choice every filter offers, as the sidebar links it (dates, booleans, the filters
    # of our own), within the same bound: a filtered list must not query per row either.
    for spec in page.context["cl"].filter_specs:
        for choice in list(spec.choices(page.context["cl"]))[:CHOICES_PER_FILTER]:
            with django_assert_max_num_queries(MAX_QUERIES):
                response = superuser_client.get(changelist + choice["query_string"])
            assert response.status_code == 200, (label, choice["query_string"])
    if model_admin.search_fields:
        with django_assert_max_num_queries(MAX_QUERIES):
            assert superuser_client.get(changelist, {"q": "1"}).status_code == 200

    change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])
    with django_assert_max_num_queries(MAX_QUERIES):
        assert superuser_client.get(change).status_code == 200


def test_a_version_page_links_its_run_and_its_alias_history(populated, superuser_client) -> None:
    version = ModelVersion.objects.get(family="mnlogit", version=1)

    page = superuser_client.get(
        reverse("admin:training_modelversion_change", args=[version.pk])
    ).content.decode()

    assert version.run_id in page
    assert "alias changes to or from mnlogit v1" in page
