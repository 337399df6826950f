from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from tests.registry.conftest import (  # noqa: F401  (fixtures, used by name)
    _registry_tests_use_a_private_store,
    empty_mlflow_db,
    mlflow_store,
    registered_version,
    tiny_models,
)


def act(
    client: Client, model: type[Model], action: str, rows: Sequence[Model], **extra: object
) -> tuple[object, list[tuple[str, str]]]:
    """Run an admin action on ``rows`` from ``model``'s list; returns the final response and
    the messages shown, as (level, text)."""
    meta = model._meta
    response = client.post(
        reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"),
        {"action": action, "_selected_action": [row.pk for row in rows], **extra},
        follow=True,
    )
    assert response.status_code == 200
    shown = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    return response, shown


def logged(obj: Model) -> list[str]:
    """What the admin's own history says was done to ``obj``, and by whom."""
    entries = LogEntry.objects.filter(object_id=str(obj.pk)).select_related("user", "content_type")
    return [
        f"{entry.user.get_username()}: {entry.get_change_message()}"
        for entry in entries.order_by("pk")
        if entry.content_type.model_class() is type(obj)
    ]


@pytest.fixture
def lose_the_registry(settings, tmp_path: Path, request) -> Callable[[], None]:
    """Call it and MLflow becomes a store that has never heard of our models (a registry
    restored from an old backup, say): every alias move is refused there, and the mirror must
    stay as it was. A real store, not a mock."""

    empty: Path = request.getfixturevalue("empty_mlflow_db")

    def lose() -> None:
        path = tmp_path / "other-mlflow.db"
        shutil.copyfile(empty, path)
        settings.MLFLOW_TRACKING_URI = f"sqlite:///{path}"

    return lose
