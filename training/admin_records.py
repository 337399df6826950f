"""Admin for the bookkeeping tables of training: the per-family training lease, what each
alias's version predicted correctly (the promotion cycle's re-ranking input), and how far the
scoring has read. All of it is written by tasks, so all of it is read-only here."""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone

from training.admin import NONE, ReadOnlyAdmin
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
    list_display = ("family", "alias", "version_number", "rounds", "correct", "accuracy_shown")
    list_filter = ("family", "alias")
    search_fields = ("=version__version",)
    list_select_related = ("version",)
    ordering = ("family", "alias", "-version__version")

    @admin.display(description="version", ordering="version__version")
    def version_number(self, row: ChallengerAccuracy) -> str:
        return f"v{row.version.version}"

    @admin.display(description="accuracy")
    def accuracy_shown(self, row: ChallengerAccuracy) -> str:
        value = row.accuracy
        return NONE if value is None else f"{value:.3f}"


@admin.register(AccuracyWatermark)
class AccuracyWatermarkAdmin(ReadOnlyAdmin):
    list_display = ("family", "last_finished_at", "last_game_id", "updated_at")
    list_filter = ("family",)
