"""Admin for the registry mirror. Everything here is a record of what the registry holds or did,
so nothing is edited by hand: versions change only through the actions below, which call the
same services as the CLI and the promotion cycle, and the audit trail is never touched."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from training import registry, selectors, services
from training.models import (
    AliasAssignment,
    AliasChange,
    AliasChangeReason,
    ModelVersion,
    ServingGeneration,
    Stage,
)
from training.serving import PRODUCTION, SHADOW1, SHADOW2, B

NONE = "—"


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


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


@admin.register(ModelVersion)
class ModelVersionAdmin(admin.ModelAdmin):
    list_display = (
        "family",
        "version",
        "stage",
        "gates_passed",
        "holdout_accuracy",
        "aliases_held",
        "created_at",
    )
    list_filter = ("family", "stage", "gates_passed")
    # A number finds that version; run ids are matched whole and checksums by their start, so
    # that searching "2" does not find every run id with a 2 in it.
    search_fields = ("version__exact", "=run_id", "^sha256")
    ordering = ("family", "-version")
    actions = (
        "promote_to_b",
        "promote_to_shadow1",
        "promote_to_shadow2",
        "promote_to_production",
        "archive",
        "reload_models",
    )
    fieldsets = (
        (None, {"fields": ("family", "version", "registered_model", "stage", "stage_reason")}),
        (
            "Aliases and gates",
            {"fields": ("aliases_held", "alias_changes", "gates_passed", "gate_summary")},
        ),
        (
            "Run and artifact",
            {
                "fields": (
                    "mlflow_run",
                    "source_uri",
                    "sha256",
                    "feature_contract_version",
                )
            },
        ),
        (
            "Numbers",
            {"fields": ("metrics_json", "sample_counts_json", "gate_results_json", "config_json")},
        ),
        ("Times", {"fields": ("created_at", "stage_changed_at", "updated_at")}),
    )
    readonly_fields = (
        "family",
        "version",
        "registered_model",
        "stage",
        "stage_reason",
        "aliases_held",
        "alias_changes",
        "gates_passed",
        "gate_summary",
        "mlflow_run",
        "source_uri",
        "sha256",
        "feature_contract_version",
        "metrics_json",
        "sample_counts_json",
        "gate_results_json",
        "config_json",
        "created_at",
        "stage_changed_at",
        "updated_at",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[ModelVersion]:
        return super().get_queryset(request).prefetch_related("aliases")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # The change permission guards the actions; a version's own page is view-only.
        return obj is None and super().has_change_permission(request)

    @admin.display(description="hold-out accuracy")
    def holdout_accuracy(self, version: ModelVersion) -> str:
        value = version.metrics.get("holdout_accuracy")
        return f"{value:.3f}" if isinstance(value, int | float) else NONE

    @admin.display(description="aliases")
    def aliases_held(self, version: ModelVersion) -> str:
        # Sorted in Python so that the prefetched assignments are used.
        order = selectors.ALIAS_ORDER
        held = sorted((a.alias for a in version.aliases.all()), key=order.index)
        return ", ".join(held) or NONE

    @admin.display(description="alias history")
    def alias_changes(self, version: ModelVersion) -> str:
        url = reverse("admin:training_aliaschange_changelist")
        return format_html(
            '<a href="{}?family__exact={}&amp;q={}">alias changes to or from {}</a>',
            url,
            version.family,
            version.version,
            version.label,
        )

    @admin.display(description="gates")
    def gate_summary(self, version: ModelVersion) -> str:
        if not version.gate_results:
            return NONE
        return format_html_join(
            ", ",
            "{}: {}",
            (
                (gate, "passed" if isinstance(r, dict) and r.get("passed") else "failed")
                for gate, r in version.gate_results.items()
            ),
        )

    @admin.display(description="MLflow run")
    def mlflow_run(self, version: ModelVersion) -> str:
        url = mlflow_run_url(version.run_id)
        if url is None:
            return version.run_id or NONE
        return format_html('<a href="{}" rel="noopener">{}</a>', url, version.run_id)

    @admin.display(description="metrics")
    def metrics_json(self, version: ModelVersion) -> str:
        return pretty_json(version.metrics)

    @admin.display(description="sample counts")
    def sample_counts_json(self, version: ModelVersion) -> str:
        return pretty_json(version.sample_counts)

    @admin.display(description="gate results")
    def gate_results_json(self, version: ModelVersion) -> str:
        return pretty_json(version.gate_results)

    @admin.display(description="config")
    def config_json(self, version: ModelVersion) -> str:
        return pretty_json(version.config)

    # --- actions -------------------------------------------------------------------------

    def _promote(self, request: HttpRequest, queryset: QuerySet[ModelVersion], alias: str) -> None:
        """Point ``alias`` at the chosen version of each family, through the checked move that
        the CLI and the promotion cycle use; its audit row names the admin user."""
        chosen = list(queryset)
        families = [v.family for v in chosen]
        for version in chosen:
            if families.count(version.family) > 1:
                self.message_user(
                    request,
                    f"{version.label} not promoted: choose one {version.family} version for "
                    f"{alias}",
                    messages.ERROR,
                )
                continue
            before = selectors.alias_map(family=version.family).get(alias)
            try:
                changes = services.aliases_move(
                    family=version.family,
                    moves={alias: version},
                    reason=AliasChangeReason.MANUAL_PROMOTE,
                    actor=request.user.get_username(),
                    note=f"promoted to {alias} in admin",
                )
            except (services.AliasMoveFailed, registry.RegistryUnavailable) as error:
                self.message_user(request, f"{version.label} not promoted: {error}", messages.ERROR)
                continue
            if not changes:
                self.message_user(
                    request, f"{version.family}@{alias} already points at {version.label}"
                )
                continue
            was = f"v{before.version}" if before else "nothing"
            self.message_user(
                request,
                f"{version.family}@{alias} now points at {version.label} (it pointed at {was})",
                messages.SUCCESS,
            )

    @admin.action(
        description="Promote to Production (bypasses the promotion test)", permissions=["change"]
    )
    def promote_to_production(self, request: HttpRequest, queryset: QuerySet[ModelVersion]) -> None:
        self._promote(request, queryset, PRODUCTION)

    @admin.action(description="Promote to B", permissions=["change"])
    def promote_to_b(self, request: HttpRequest, queryset: QuerySet[ModelVersion]) -> None:
        self._promote(request, queryset, B)

    @admin.action(description="Promote to shadow1", permissions=["change"])
    def promote_to_shadow1(self, request: HttpRequest, queryset: QuerySet[ModelVersion]) -> None:
        self._promote(request, queryset, SHADOW1)

    @admin.action(description="Promote to shadow2", permissions=["change"])
    def promote_to_shadow2(self, request: HttpRequest, queryset: QuerySet[ModelVersion]) -> None:
        self._promote(request, queryset, SHADOW2)

    @admin.action(description="Archive", permissions=["change"])
    def archive(self, request: HttpRequest, queryset: QuerySet[ModelVersion]) -> None:
        for version in queryset:
            if version.stage == Stage.ARCHIVED:
                self.message_user(request, f"{version.label} was already archived")
                continue
            try:
                services.version_archive(
                    version=version, actor=request.user.get_username(), reason="in admin"
                )
            except services.RegistryActionRefused as error:
                self.message_user(request, f"Not archived: {error}", messages.ERROR)
                continue
            self.message_user(request, f"{version.label} archived", messages.SUCCESS)

    @admin.action(
        description="Reload models (the families of the selected versions)",
        permissions=["change"],
    )
    def reload_models(self, request: HttpRequest, queryset: QuerySet[ModelVersion]) -> None:
        families = sorted(set(queryset.values_list("family", flat=True)))
        generations = services.reload_request(families=families)
        done = ", ".join(f"{family} generation {n}" for family, n in generations.items())
        self.message_user(
            request,
            f"Reload requested by {request.user.get_username()}: {done}. Every serving "
            "process picks it up within seconds.",
            messages.SUCCESS,
        )


@admin.register(AliasAssignment)
class AliasAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("family", "alias", "version_number", "version_stage", "assigned_at")
    list_filter = ("family", "alias")
    list_select_related = ("version",)
    actions = ("roll_back",)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # The change permission guards the rollback; an assignment's own page is view-only.
        return obj is None and request.user.has_perm("training.change_aliasassignment")

    @admin.display(description="version", ordering="version__version")
    def version_number(self, assignment: AliasAssignment) -> int:
        return assignment.version.version

    @admin.display(description="stage")
    def version_stage(self, assignment: AliasAssignment) -> str:
        return assignment.version.stage

    @admin.action(
        description="Roll back (to the version held before the last change)", permissions=["change"]
    )
    def roll_back(self, request: HttpRequest, queryset: QuerySet[AliasAssignment]) -> None:
        for assignment in list(queryset.select_related("version")):
            name = f"{assignment.family}@{assignment.alias}"
            try:
                changes = services.alias_rollback(
                    family=assignment.family,
                    alias=assignment.alias,
                    actor=request.user.get_username(),
                    note="rolled back in admin",
                )
            except (
                services.RegistryActionRefused,
                services.AliasMoveFailed,
                registry.RegistryUnavailable,
            ) as error:
                self.message_user(request, f"{name} not rolled back: {error}", messages.ERROR)
                continue
            back_to = changes[-1].to_version if changes else None
            self.message_user(
                request,
                f"{name} rolled back from v{assignment.version.version} to "
                f"{back_to.label if back_to else 'nothing'}",
                messages.SUCCESS,
            )


@admin.register(AliasChange)
class AliasChangeAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "family",
        "alias",
        "from_number",
        "to_number",
        "reason",
        "actor",
        "note",
        "promotion_event",
    )
    list_filter = ("family", "alias", "reason")
    # A number finds the changes to or from that version.
    search_fields = ("actor", "note", "=to_version__version", "=from_version__version")
    list_select_related = ("from_version", "to_version")
    date_hierarchy = "created_at"

    @admin.display(description="from")
    def from_number(self, change: AliasChange) -> str:
        return f"v{change.from_version.version}" if change.from_version else NONE

    @admin.display(description="to")
    def to_number(self, change: AliasChange) -> str:
        return f"v{change.to_version.version}" if change.to_version else NONE

    @admin.display(description="promotion event")
    def promotion_event(self, change: AliasChange) -> str:
        if change.promotion_event_id is None:
            return NONE
        url = reverse("admin:promotion_promotionevent_change", args=[change.promotion_event_id])
        return format_html('<a href="{}">event {}</a>', url, change.promotion_event_id)


@admin.register(ServingGeneration)
class ServingGenerationAdmin(ReadOnlyAdmin):
    list_display = ("family", "generation", "updated_at")


# The lease, accuracy and watermark tables, in a module of their own (it needs ReadOnlyAdmin).
from training import admin_records  # noqa: E402, F401
