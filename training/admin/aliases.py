"""Admin for who holds which alias, the audit trail of every move, and the serving
generations. The trail is only ever added to; the actions here (roll back an alias, reload a
family's models) go through the services, which write it, and name the admin user."""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from typing import Any

from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html

from core.admin_toolkit import NONE, ReadOnlyAdmin, admin_log, change_link
from core.vocabulary import FAMILIES
from training.models import AliasAssignment, AliasChange, ModelVersion, ServingGeneration
from training.registry import services
from training.registry import store as registry


def reload_families(
    model_admin: admin.ModelAdmin, request: HttpRequest, families: list[str]
) -> None:
    """Ask every serving process to reload ``families``; the admin's history of each family's
    serving generation records who asked."""
    generations = services.reload_request(families=families)
    for row in ServingGeneration.objects.filter(family__in=families).order_by("family"):
        admin_log(model_admin, request, row, f"reload requested: generation {row.generation}")
    done = ", ".join(f"{family} generation {n}" for family, n in generations.items())
    model_admin.message_user(
        request,
        f"Reload requested by {request.user.get_username()}: {done}. Every serving "
        "process picks it up within seconds.",
        messages.SUCCESS,
    )


class _OnlyWhenLinkedFilter(admin.SimpleListFilter, metaclass=ABCMeta):
    """A filter reached through a link from another page (a version, an event): listed in the
    sidebar only while it is applied, so it never offers every version or event as a choice.
    A subclass says how to name the linked row and which rows it selects."""

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        value = self.value()
        if value is None or not value.isdigit():
            return []
        return [(value, self.label_for(int(value)))]

    @abstractmethod
    def label_for(self, pk: int) -> str: ...

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(self.condition(int(value)))

    @abstractmethod
    def condition(self, pk: int) -> Q: ...


class VersionFilter(_OnlyWhenLinkedFilter):
    title = "version"
    parameter_name = "version"

    def label_for(self, pk: int) -> str:
        version = ModelVersion.objects.filter(pk=pk).first()
        return f"to or from {version.label}" if version else f"version #{pk}"

    def condition(self, pk: int) -> Q:
        return Q(from_version_id=pk) | Q(to_version_id=pk)


class EventFilter(_OnlyWhenLinkedFilter):
    title = "promotion event"
    parameter_name = "event"

    def label_for(self, pk: int) -> str:
        return f"caused by event {pk}"

    def condition(self, pk: int) -> Q:
        return Q(promotion_event_id=pk)


@admin.register(AliasAssignment)
class AliasAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("family", "alias", "version_link", "version_stage", "assigned_at")
    list_filter = ("family", "alias")
    search_fields = ("=version__version",)
    list_select_related = ("version",)
    actions = ("roll_back",)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # The change permission guards the rollback; an assignment's own page is view-only.
        return obj is None and request.user.has_perm("training.change_aliasassignment")

    @admin.display(description="version", ordering="version__version")
    def version_link(self, assignment: AliasAssignment) -> str:
        return change_link(assignment.version, f"v{assignment.version.version}")

    @admin.display(description="stage")
    def version_stage(self, assignment: AliasAssignment) -> str:
        return assignment.version.get_stage_display()

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
            text = (
                f"{name} rolled back from v{assignment.version.version} to "
                f"{back_to.label if back_to else 'nothing'}"
            )
            admin_log(self, request, assignment, text)
            self.message_user(request, text, messages.SUCCESS)


@admin.register(AliasChange)
class AliasChangeAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "family",
        "alias",
        "from_link",
        "to_link",
        "reason",
        "actor",
        "note",
        "promotion_event",
    )
    list_filter = ("family", "alias", "reason", VersionFilter, EventFilter, "created_at")
    # A number finds the changes to or from that version.
    search_fields = ("actor", "note", "=to_version__version", "=from_version__version")
    list_select_related = ("from_version", "to_version")
    date_hierarchy = "created_at"
    fields = (
        "created_at",
        "family",
        "alias",
        "from_version",
        "to_version",
        "reason",
        "actor",
        "note",
        "promotion_event",
    )
    readonly_fields = ("promotion_event",)

    @admin.display(description="from", ordering="from_version__version")
    def from_link(self, change: AliasChange) -> str:
        version = change.from_version
        return change_link(version, f"v{version.version}") if version else NONE

    @admin.display(description="to", ordering="to_version__version")
    def to_link(self, change: AliasChange) -> str:
        version = change.to_version
        return change_link(version, f"v{version.version}") if version else NONE

    @admin.display(description="promotion event")
    def promotion_event(self, change: AliasChange) -> str:
        if change.promotion_event_id is None:
            return NONE
        url = reverse("admin:promotion_promotionevent_change", args=[change.promotion_event_id])
        return format_html('<a href="{}">event {}</a>', url, change.promotion_event_id)


@admin.register(ServingGeneration)
class ServingGenerationAdmin(ReadOnlyAdmin):
    list_display = ("family", "generation", "updated_at")
    actions = ("reload_models",)

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # Every family has its row from the start, so that there is always one to reload.
        for family in FAMILIES:
            ServingGeneration.objects.get_or_create(family=family)
        return super().changelist_view(request, extra_context)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Reloading is the permission to act on versions (as for the reload API).
        return obj is None and request.user.has_perm("training.change_modelversion")

    @admin.action(description="Reload models (the selected families)", permissions=["change"])
    def reload_models(self, request: HttpRequest, queryset: QuerySet[ServingGeneration]) -> None:
        reload_families(self, request, sorted(queryset.values_list("family", flat=True)))
