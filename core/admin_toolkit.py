"""What every admin shares: the view-only bases, links into MLflow and between admin pages,
small HTML tables, and the admin's own log of the actions taken."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join

NONE = "—"


class ReadOnlyMixin:
    """For admins and inlines of records the system writes: never added or edited by hand."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Records written by the system: shown, never added, edited or deleted by hand."""

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ActionsOnlyAdmin(admin.ModelAdmin):
    """Records changed only through the admin's actions (each a checked service call): the
    change permission guards the actions on the list; a record's own page is view-only."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return obj is None and super().has_change_permission(request)


def mlflow_run_url(run_id: str) -> str | None:
    """The MLflow UI page of a run, when the registry is a server (a local store has no UI)."""
    uri = str(settings.MLFLOW_TRACKING_URI).rstrip("/")
    if not run_id or not uri.startswith(("http://", "https://")):
        return None
    return f"{uri}/#/runs/{run_id}"


def pretty_json(value: Any) -> str:
    if not value:
        return NONE
    return format_html("<pre>{}</pre>", json.dumps(value, indent=2, sort_keys=True))


def changelist_url(model: type[Model], **filters: object) -> str:
    meta = model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def change_link(obj: Model | None, text: object = None) -> str:
    """A link to ``obj``'s admin page (built from its key: no query)."""
    if obj is None:
        return NONE
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, obj if text is None else text)


def html_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    body = format_html_join("", "<tr>{}</tr>", ((_cells("td", row),) for row in rows))
    return format_html(
        "<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", _cells("th", headers), body
    )


def _cells(tag: str, values: Sequence[object]) -> str:
    return format_html_join("", f"<{tag}>{{}}</{tag}>", ((value,) for value in values))


def admin_log(model_admin: admin.ModelAdmin, request: HttpRequest, obj: Model, text: str) -> None:
    """Note an action in the admin's own history of ``obj`` (its "History" page and the
    "Recent actions" box). Alias moves also have their AliasChange rows; this covers the
    actions that move no alias (reload, pause, resume, run a cycle, archive) as well."""
    model_admin.log_change(request, obj, text)
