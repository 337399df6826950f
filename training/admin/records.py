"""Admin for the bookkeeping tables of training: the per-family training lease, what each
alias's version predicted correctly (the promotion cycle's re-ranking input), and how far the
scoring has read. All of it is written by tasks, so all of it is read-only here."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from core.admin_toolkit import NONE, ReadOnlyAdmin, change_link
from training.models import AccuracyWatermark, ChallengerAccuracy, TrainingLock


@admin.register(TrainingLock)
class TrainingLockAdmin(ReadOnlyAdmin):
    list_display = ("family", "held", "owner", "acquired_at", "locked_until")
    list_filter = ("family",)

    @admin.display(description="held now", boolean=True)
    def held(self, lock: TrainingLock) -> bool:
        # A lease past its end is free: the next run takes it over (a dead worker's lease).
        return lock.locked_until is not None and lock.locked_until > timezone.now()


@admin.register(ChallengerAccuracy)
class ChallengerAccuracyAdmin(ReadOnlyAdmin):
    list_display = ("family", "alias", "version_link", "rounds", "correct", "accuracy_shown")
    list_filter = ("family", "alias")
    search_fields = ("=version__version",)
    list_select_related = ("version",)
    ordering = ("family", "alias", "-version__version")

    @admin.display(description="version", ordering="version__version")
    def version_link(self, row: ChallengerAccuracy) -> str:
        return change_link(row.version, f"v{row.version.version}")

    @admin.display(description="accuracy (correct / rounds)")
    def accuracy_shown(self, row: ChallengerAccuracy) -> str:
        value = row.accuracy
        return NONE if value is None else f"{value:.3f}"


@admin.register(AccuracyWatermark)
class AccuracyWatermarkAdmin(ReadOnlyAdmin):
    list_display = ("family", "last_finished_at", "last_game", "updated_at")
    list_filter = ("family",)

    @admin.display(description="last game scored")
    def last_game(self, mark: AccuracyWatermark) -> str:
        if not mark.last_game_id:
            return NONE
        url = reverse("admin:games_game_change", args=[mark.last_game_id])
        return format_html('<a href="{}">game {}</a>', url, mark.last_game_id)
