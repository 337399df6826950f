"""Admin for the registry mirror. Everything here is a record of what the registry holds or did,
so nothing is edited by hand: versions change only through the actions below, which call the
same services as the CLI and the promotion cycle, and the audit trail is never touched."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.html import format_html, format_html_join

from core.admin_toolkit import (
    NONE,
    ActionsOnlyAdmin,
    admin_log,
    changelist_url,
    html_table,
    mlflow_run_url,
    pretty_json,
)
from core.vocabulary import ALIASES, SHADOW1, SHADOW2, B

# The alias and bookkeeping tables' admins live in modules of their own; importing them here
# registers them (admin discovery imports only this module).
from training.admin import aliases as admin_aliases
from training.admin import promote as admin_promote
from training.admin import records as admin_records  # noqa: F401  (registers the bookkeeping tables)
from training.admin.explain import gate_rows
from training.models import AliasChange, AliasChangeReason, ModelVersion, Stage
from training.registry import selectors, services
from training.registry import store as registry


@admin.register(ModelVersion)
class ModelVersionAdmin(ActionsOnlyAdmin):
    list_display = (
        "family",
        "version",
        "stage",
        "gates_passed",
        "holdout_accuracy",
        "aliases_held",
        "created_at",
    )
    list_filter = ("family", "stage", "gates_passed", "created_at")
    # A number finds that version; run ids are matched whole and checksums by their start, so
    # that searching "2" does not find every run id with a 2 in it.
    search_fields = ("version__exact", "=run_id", "^sha256")
    ordering = ("family", "-version")
    date_hierarchy = "created_at"
    actions = (
        "promote_to_b",
        "promote_to_shadow1",
        "promote_to_shadow2",
        "promote_to_alias",
        "archive",
        "reload_models",
    )
    fieldsets = (
        (None, {"fields": ("family", "version", "registered_model", "stage", "stage_reason")}),
        (
            "Aliases and gates",
            {"fields": ("aliases_held", "alias_changes", "gates_passed", "gate_summary")},
        ),
        ("Gate results", {"fields": ("gate_table",)}),
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
        "gate_table",
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

    def get_urls(self) -> list[URLPattern]:
        # Other rooms name a version by family and number, not by our primary key: games links
        # here from a game without reading this room's tables.
        by_number = path(
            "by-number/<str:family>/<int:number>/",
            self.admin_site.admin_view(self.version_by_number),
            name="training_modelversion_by_number",
        )
        return [by_number, *super().get_urls()]

    def version_by_number(self, request: HttpRequest, family: str, number: int) -> HttpResponse:
        version = get_object_or_404(ModelVersion, family=family, version=number)
        return redirect("admin:training_modelversion_change", version.pk)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ModelVersion]:
        return super().get_queryset(request).prefetch_related("aliases")

    @admin.display(description="hold-out accuracy")
    def holdout_accuracy(self, version: ModelVersion) -> str:
        value = version.metrics.get("holdout_accuracy")
        return f"{value:.3f}" if isinstance(value, int | float) else NONE

    @admin.display(description="aliases")
    def aliases_held(self, version: ModelVersion) -> str:
        # Sorted in Python so that the prefetched assignments are used.
        order = ALIASES
        held = sorted((a.alias for a in version.aliases.all()), key=order.index)
        return ", ".join(held) or NONE

    @admin.display(description="alias history")
    def alias_changes(self, version: ModelVersion) -> str:
        return format_html(
            '<a href="{}">alias changes to or from {}</a>',
            changelist_url(AliasChange, version=version.pk),
            version.label,
        )

    @admin.display(description="gates")
    def gate_summary(self, version: ModelVersion) -> str:
        if not version.gate_results:
            return "not run" if version.gates_passed is None else NONE
        return format_html_join(
            ", ",
            "{}: {}",
            (
                (gate, "passed" if isinstance(r, dict) and r.get("passed") else "failed")
                for gate, r in version.gate_results.items()
            ),
        )

    @admin.display(description="each gate and what it looked at")
    def gate_table(self, version: ModelVersion) -> str:
        rows = gate_rows(version.gate_results or {})
        return html_table(("gate", "result", "figures"), rows) if rows else NONE

    @admin.display(description="MLflow run")
    def mlflow_run(self, version: ModelVersion) -> str:
        url = mlflow_run_url(version.run_id)
        if url is None:
            # A local store has no UI to link to: the run id and the artifact say where to look.
            return version.run_id or NONE
        return format_html('<a href="{}" rel="noopener">{}</a>', url, version.run_id)

    @admin.display(description="metrics")
    def metrics_json(self, version: ModelVersion) -> str:
        return pretty_json(version.metrics)

    @admin.display(description="sample counts")
    def sample_counts_json(self, version: ModelVersion) -> str:
        return pretty_json(version.sample_counts)

    @admin.display(description="gate results (raw)")
    def gate_results_json(self, version: ModelVersion) -> str:
        return pretty_json(version.gate_results)

    @admin.display(description="config")
    def config_json(self, version: ModelVersion) -> str:
        return pretty_json(version.config)

    # --- actions -------------------------------------------------------------------------

    def _promote(
        self, request: HttpRequest, queryset: QuerySet[ModelVersion], alias: str, note: str = ""
    ) -> None:
        """Point ``alias`` at the chosen version of each family, through the checked move that
        the CLI and the promotion cycle use; its audit row names the admin user."""
        chosen = list(queryset)
        families = [v.family for v in chosen]
        actor = request.user.get_username()
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
                    actor=actor,
                    note=f"promoted to {alias} in admin" + (f": {note}" if note else ""),
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
            admin_log(self, request, version, f"promoted to {alias} (it held {was})")
            self.message_user(
                request,
                f"{version.family}@{alias} now points at {version.label} (it pointed at {was})",
                messages.SUCCESS,
            )

    @admin.action(description="Promote to B", permissions=["change"])
    def promote_to_b(self, request: HttpRequest, queryset: QuerySet[ModelVersion]) -> None:
        self._promote(request, queryset, B)

    @admin.action(description="Promote to shadow1", permissions=["change"])
    def promote_to_shadow1(self, request: HttpRequest, queryset: QuerySet[ModelVersion]) -> None:
        self._promote(request, queryset, SHADOW1)

    @admin.action(description="Promote to shadow2", permissions=["change"])
    def promote_to_shadow2(self, request: HttpRequest, queryset: QuerySet[ModelVersion]) -> None:
        self._promote(request, queryset, SHADOW2)

    @admin.action(
        description="Promote to an alias… (Production too: shows what moves, then asks)",
        permissions=["change"],
    )
    def promote_to_alias(
        self, request: HttpRequest, queryset: QuerySet[ModelVersion]
    ) -> TemplateResponse | None:
        if "apply" not in request.POST:
            return admin_promote.confirmation_page(
                self, request, queryset, admin_promote.PromoteForm()
            )
        form = admin_promote.PromoteForm(request.POST)
        if not form.is_valid():
            return admin_promote.confirmation_page(self, request, queryset, form)
        self._promote(request, queryset, form.cleaned_data["alias"], form.cleaned_data["note"])
        return None

    @admin.action(description="Archive", permissions=["change"])
    def archive(self, request: HttpRequest, queryset: QuerySet[ModelVersion]) -> None:
        actor = request.user.get_username()
        for version in queryset:
            if version.stage == Stage.ARCHIVED:
                self.message_user(request, f"{version.label} was already archived")
                continue
            try:
                services.version_archive(version=version, actor=actor, reason="in admin")
            except services.RegistryActionRefused as error:
                self.message_user(request, f"Not archived: {error}", messages.ERROR)
                continue
            admin_log(self, request, version, "archived")
            self.message_user(request, f"{version.label} archived", messages.SUCCESS)

    @admin.action(
        description="Reload models (the families of the selected versions)",
        permissions=["change"],
    )
    def reload_models(self, request: HttpRequest, queryset: QuerySet[ModelVersion]) -> None:
        families = sorted(set(queryset.values_list("family", flat=True)))
        admin_aliases.reload_families(self, request, families)
