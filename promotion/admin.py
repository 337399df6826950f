"""Admin for the promotion room. The ledger, failures and counters are records, so nothing is
edited by hand; the per-family switch changes only through the actions below, which call the
same services as the schedule and the CLI. An event's page opens with its explanation in plain
words, what it moved, and the alias changes it caused."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html

from core.admin_toolkit import (
    NONE,
    ActionsOnlyAdmin,
    ReadOnlyAdmin,
    admin_log,
    changelist_url,
    html_table,
)
from core.vocabulary import ALIASES, FAMILIES
from promotion.explain import explain_recorded
from promotion.models import (
    CycleFailure,
    Decision,
    PromotionControl,
    PromotionEvent,
    SlotCounter,
    Source,
    VersionSlotCounter,
)
from promotion.services import CycleReport, cycle_run, promotion_pause_set
from training.models import AliasChange, ModelVersion


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
    list_filter = ("family", "decision", "reorder_applied", "method", "source", "created_at")
    date_hierarchy = "created_at"
    search_fields = ("reason",)
    fieldsets = (
        (
            "What happened",
            {"fields": ("explanation", "moves", "alias_changes_caused", "dashboard")},
        ),
        (
            "The test",
            {
                "fields": (
                    "family",
                    "created_at",
                    "source",
                    "decision",
                    "method",
                    "alpha",
                    "z_statistic",
                    "p_value",
                    "always_valid_p_value",
                    "e_value",
                    "reason",
                )
            },
        ),
        (
            "Checks around the test",
            {
                "fields": (
                    "srm_e_value",
                    "srm_mismatch",
                    "guardrails",
                    "rollback",
                    "rolled_back_swap",
                )
            },
        ),
        (
            "Counters it saw",
            {
                "fields": (
                    "production_wins",
                    "production_total_games",
                    "b_wins",
                    "b_total_games",
                    "production_wins_since_swap",
                    "production_games_since_swap",
                    "b_wins_since_swap",
                    "b_games_since_swap",
                    "promotion_cycles_since_swap",
                )
            },
        ),
        (
            "Challengers",
            {
                "fields": (
                    "reorder_applied",
                    "alias_rankings",
                    "alias_accuracies",
                    "assignments_before",
                    "assignments_after",
                    "payload",
                )
            },
        ),
    )
    readonly_fields = ("explanation", "moves", "alias_changes_caused", "dashboard")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields] + list(self.readonly_fields)

    @admin.display(description="in plain words")
    def explanation(self, event: PromotionEvent) -> str:
        # The swap that opened the window this event's test counted from.
        previous = (
            PromotionEvent.objects.filter(
                family=event.family, decision=Decision.SWAP, pk__lt=event.pk
            )
            .order_by("-pk")
            .first()
        )
        told = explain_recorded(event, previous_swap_at=previous.created_at if previous else None)
        return format_html(
            "<p><strong>{}</strong></p><p>Counted {}: {}.</p><p>{}</p>",
            told.headline,
            told.counted_since,
            told.reason,
            told.reorder,
        )

    @admin.display(description="aliases before and after")
    def moves(self, event: PromotionEvent) -> str:
        before, after = event.assignments_before or {}, event.assignments_after or {}
        aliases = [a for a in ALIASES if a in before or a in after]
        if not aliases:
            return NONE
        rows = [
            (alias, _v(before.get(alias)), _v(after.get(alias)), _moved(before, after, alias))
            for alias in aliases
        ]
        return html_table(("alias", "before", "after", ""), rows)

    @admin.display(description="alias changes it caused")
    def alias_changes_caused(self, event: PromotionEvent) -> str:
        count = AliasChange.objects.filter(promotion_event_id=event.pk).count()
        if not count:
            return "none"
        return format_html(
            '<a href="{}">{} alias change{}</a>',
            changelist_url(AliasChange, event=event.pk),
            count,
            "" if count == 1 else "s",
        )

    @admin.display(description="dashboard")
    def dashboard(self, event: PromotionEvent) -> str:
        url = reverse("dashboards:event", args=[event.pk])
        return format_html('<a href="{}">this event on the promotion dashboard</a>', url)

    @admin.display(description="Production since swap (wins/games)")
    def production_since_swap(self, event: PromotionEvent) -> str:
        return f"{event.production_wins_since_swap}/{event.production_games_since_swap}"

    @admin.display(description="B since swap (wins/games)")
    def b_since_swap(self, event: PromotionEvent) -> str:
        return f"{event.b_wins_since_swap}/{event.b_games_since_swap}"


def _v(number: object) -> str:
    return NONE if number is None else f"v{number}"


def _moved(before: dict[str, Any], after: dict[str, Any], alias: str) -> str:
    return "moved" if before.get(alias) != after.get(alias) else ""


@admin.register(CycleFailure)
class CycleFailureAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "family", "stage", "error", "source")
    list_filter = ("family", "stage", "source", "created_at")
    search_fields = ("error",)
    date_hierarchy = "created_at"


@admin.register(SlotCounter)
class SlotCounterAdmin(ReadOnlyAdmin):
    list_display = (
        "family",
        "slot",
        "difficulty",
        "games",
        "bot_wins",
        "losses",
        "win_rate",
        "updated_at",
    )
    list_filter = ("family", "slot", "difficulty")

    @admin.display(description="bot win rate (all time)")
    def win_rate(self, counter: SlotCounter) -> str:
        return f"{counter.bot_wins / counter.games:.3f}" if counter.games else NONE


@admin.register(VersionSlotCounter)
class VersionSlotCounterAdmin(ReadOnlyAdmin):
    list_display = (
        "family",
        "slot",
        "version_link",
        "games",
        "bot_wins",
        "losses",
        "first_game_at",
    )
    list_filter = ("family", "slot")
    search_fields = ("=version",)

    @admin.display(description="version", ordering="version")
    def version_link(self, counter: VersionSlotCounter) -> str:
        if not counter.version.isdigit():
            return "frequency baseline" if not counter.version else counter.version
        # Filtered by family and number: a link without a query per row.
        url = changelist_url(ModelVersion, family__exact=counter.family, version=counter.version)
        return format_html('<a href="{}">v{}</a>', url, counter.version)


@admin.register(PromotionControl)
class PromotionControlAdmin(ActionsOnlyAdmin):
    list_display = ("family", "paused", "changed_by", "updated_at", "ledger")
    list_filter = ("paused",)
    readonly_fields = ("family", "paused", "changed_by", "updated_at")
    actions = ("pause_promotion", "resume_promotion", "run_cycle_now")

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # Every family has its switch from the start, so that there is always a row to act on.
        for family in FAMILIES:
            PromotionControl.objects.get_or_create(family=family)
        return super().changelist_view(request, extra_context)

    @admin.display(description="ledger")
    def ledger(self, control: PromotionControl) -> str:
        url = changelist_url(PromotionEvent, family__exact=control.family)
        return format_html('<a href="{}">{} events</a>', url, control.family)

    def _report(self, request: HttpRequest, control: PromotionControl, report: CycleReport) -> None:
        if report.failed:
            level = messages.ERROR
        elif report.skipped:
            level = messages.WARNING
        else:
            level = messages.SUCCESS
            admin_log(self, request, control, f"ran a promotion cycle: event {report.event_id}")
        self.message_user(request, report.summary(), level)

    def _pause_set(
        self, request: HttpRequest, queryset: QuerySet[PromotionControl], paused: bool
    ) -> None:
        word = "paused" if paused else "resumed"
        for control in queryset:
            promotion_pause_set(
                family=control.family, paused=paused, actor=request.user.get_username()
            )
            admin_log(self, request, control, f"promotion {word}")
            self.message_user(request, f"{control.family}: promotion {word}", messages.SUCCESS)

    @admin.action(description="Pause promotion", permissions=["change"])
    def pause_promotion(self, request: HttpRequest, queryset: QuerySet[PromotionControl]) -> None:
        self._pause_set(request, queryset, True)

    @admin.action(description="Resume promotion", permissions=["change"])
    def resume_promotion(self, request: HttpRequest, queryset: QuerySet[PromotionControl]) -> None:
        self._pause_set(request, queryset, False)

    @admin.action(description="Run a promotion cycle now", permissions=["change"])
    def run_cycle_now(self, request: HttpRequest, queryset: QuerySet[PromotionControl]) -> None:
        for control in queryset:
            report = cycle_run(
                family=control.family, source=Source.MANUAL, actor=request.user.get_username()
            )
            self._report(request, control, report)
