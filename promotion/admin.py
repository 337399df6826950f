"""Admin for the promotion room. The ledger, failures and counters are records, so nothing is
edited by hand; the per-family switch changes only through the actions below, which call the
same services as the schedule and the CLI."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html

from games.engine.bots import FAMILIES
from promotion.models import (
    CycleFailure,
    PromotionControl,
    PromotionEvent,
    SlotCounter,
    Source,
    VersionSlotCounter,
)
from promotion.services import CycleReport, cycle_run, promotion_pause_set
from training.admin import ReadOnlyAdmin
from training.models import AliasChange


@admin.register(PromotionEvent)
class PromotionEventAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "family",
        "decision",
        "reorder_applied",
        "method",
        "production_since_swap",
        "b_since_swap",
        "promotion_cycles_since_swap",
        "source",
    )
    list_filter = ("family", "decision", "reorder_applied", "method", "source")
    date_hierarchy = "created_at"
    search_fields = ("reason",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields] + ["alias_changes_caused"]

    @admin.display(description="alias changes it caused")
    def alias_changes_caused(self, event: PromotionEvent) -> str:
        count = AliasChange.objects.filter(promotion_event_id=event.pk).count()
        if not count:
            return "none"
        url = reverse("admin:training_aliaschange_changelist")
        return format_html(
            '<a href="{}?promotion_event_id={}">{} alias change{}</a>',
            url,
            event.pk,
            count,
            "" if count == 1 else "s",
        )

    @admin.display(description="Production since swap (wins/games)")
    def production_since_swap(self, event: PromotionEvent) -> str:
        return f"{event.production_wins_since_swap}/{event.production_games_since_swap}"

    @admin.display(description="B since swap (wins/games)")
    def b_since_swap(self, event: PromotionEvent) -> str:
        return f"{event.b_wins_since_swap}/{event.b_games_since_swap}"


@admin.register(CycleFailure)
class CycleFailureAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "family", "stage", "error", "source")
    list_filter = ("family", "stage", "source")
    date_hierarchy = "created_at"


@admin.register(SlotCounter)
class SlotCounterAdmin(ReadOnlyAdmin):
    list_display = ("family", "slot", "difficulty", "games", "bot_wins", "losses", "updated_at")
    list_filter = ("family", "slot", "difficulty")


@admin.register(VersionSlotCounter)
class VersionSlotCounterAdmin(ReadOnlyAdmin):
    list_display = ("family", "slot", "version", "games", "bot_wins", "losses", "first_game_at")
    list_filter = ("family", "slot")


@admin.register(PromotionControl)
class PromotionControlAdmin(admin.ModelAdmin):
    list_display = ("family", "paused", "changed_by", "updated_at")
    readonly_fields = ("family", "paused", "changed_by", "updated_at")
    actions = ("pause_promotion", "resume_promotion", "run_cycle_now")

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # Every family has its switch from the start, so that there is always a row to act on.
        for family in FAMILIES:
            PromotionControl.objects.get_or_create(family=family)
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # The change permission guards the actions; a family's own page is view-only.
        return obj is None and super().has_change_permission(request)

    def _report(self, request: HttpRequest, report: CycleReport) -> None:
        level = messages.ERROR if report.failed else messages.SUCCESS
        self.message_user(request, report.summary(), level)

    @admin.action(description="Pause promotion", permissions=["change"])
    def pause_promotion(self, request: HttpRequest, queryset: QuerySet[PromotionControl]) -> None:
        for control in queryset:
            promotion_pause_set(
                family=control.family, paused=True, actor=request.user.get_username()
            )
            self.message_user(request, f"{control.family}: promotion paused", messages.SUCCESS)

    @admin.action(description="Resume promotion", permissions=["change"])
    def resume_promotion(self, request: HttpRequest, queryset: QuerySet[PromotionControl]) -> None:
        for control in queryset:
            promotion_pause_set(
                family=control.family, paused=False, actor=request.user.get_username()
            )
            self.message_user(request, f"{control.family}: promotion resumed", messages.SUCCESS)

    @admin.action(description="Run a promotion cycle now", permissions=["change"])
    def run_cycle_now(self, request: HttpRequest, queryset: QuerySet[PromotionControl]) -> None:
        for control in queryset:
            report = cycle_run(
                family=control.family, source=Source.MANUAL, actor=request.user.get_username()
            )
            self._report(request, report)
