"""The promotion room's tables: slot counters (the source of truth for games and wins per slot,
counted in the transaction that finishes a game), the per-version view of the same, the
decision ledger, failures, and the per-family pause switch."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from core import vocabulary
from games.models import DIFFICULTY_CHOICES, FAMILY_CHOICES

SLOT_CHOICES = [(slot, slot) for slot in vocabulary.SLOTS]


class Decision(models.TextChoices):
    SWAP = vocabulary.SWAP, "Swap Production and B"
    RETAIN = vocabulary.RETAIN, "Retain Production"
    INSUFFICIENT = vocabulary.INSUFFICIENT, "Insufficient data"


class Method(models.TextChoices):
    POINT = vocabulary.POINT, "Point estimate (the original rule)"
    ZTEST = vocabulary.ZTEST, "Two-proportion z-test"
    SEQUENTIAL = vocabulary.SEQUENTIAL, "Always-valid sequential test"


class Source(models.TextChoices):
    SCHEDULE = vocabulary.SCHEDULE_SOURCE, "Schedule"
    MANUAL = vocabulary.MANUAL_SOURCE, "Manual"
    REPORT = vocabulary.REPORT_SOURCE, "External report"


class SlotCounter(models.Model):
    """Cumulative games of one slot (Production or B) of a family, by difficulty. Only ever
    incremented, in the transaction that finishes a game; never reset: a swap records a new
    baseline in the ledger instead."""

    family = models.CharField(max_length=16, choices=FAMILY_CHOICES)
    slot = models.CharField(max_length=16, choices=SLOT_CHOICES)
    difficulty = models.CharField(max_length=8, choices=DIFFICULTY_CHOICES)
    games = models.PositiveIntegerField(default=0)
    bot_wins = models.PositiveIntegerField(default=0)
    losses = models.PositiveIntegerField(default=0, help_text="Games the player won.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["family", "slot", "difficulty"], name="one_counter_per_slot"
            ),
            models.CheckConstraint(
                condition=Q(bot_wins__lte=models.F("games") - models.F("losses")),
                name="slot_wins_and_losses_within_games",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family}/{self.slot}/{self.difficulty}: {self.bot_wins}/{self.games}"


class VersionSlotCounter(models.Model):
    """The same counts per model version and slot: who actually played, across swaps."""

    family = models.CharField(max_length=16, choices=FAMILY_CHOICES)
    slot = models.CharField(max_length=16, choices=SLOT_CHOICES)
    version = models.CharField(max_length=32)
    games = models.PositiveIntegerField(default=0)
    bot_wins = models.PositiveIntegerField(default=0)
    losses = models.PositiveIntegerField(default=0)
    first_game_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["family", "slot", "version"], name="one_counter_per_version_slot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family} v{self.version} in {self.slot}: {self.bot_wins}/{self.games}"


# The ledger's columns, named once: what a cycle (or an external promoter's report) records.
# The test that decided, then the counters it read, then the JSON detail; the API's flat and
# detail views and the report's accepted fields are built from these.
LEDGER_TEST_FIELDS = (
    "family",
    "decision",
    "reorder_applied",
    "method",
    "alpha",
    "min_games",
    "horizon_games",
    "z_statistic",
    "p_value",
    "always_valid_p_value",
    "srm_e_value",
    "srm_mismatch",
)
LEDGER_COUNT_FIELDS = (
    "production_wins",
    "production_total_games",
    "b_wins",
    "b_total_games",
    "production_games_since_swap",
    "production_wins_since_swap",
    "b_games_since_swap",
    "b_wins_since_swap",
    "promotion_cycles_since_swap",
)
LEDGER_DETAIL_FIELDS = (
    "e_value",
    "guardrails",
    "rollback",
    "alias_rankings",
    "alias_accuracies",
    "assignments_before",
    "assignments_after",
)
LEDGER_FIELDS = (*LEDGER_TEST_FIELDS, *LEDGER_COUNT_FIELDS, *LEDGER_DETAIL_FIELDS, "reason")


class PromotionEvent(models.Model):
    """One promotion cycle's record: the test's decision, the counters it saw, and what moved.
    A swap event's raw counters are the baseline of every later event until the next swap."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    family = models.CharField(max_length=16, choices=FAMILY_CHOICES)
    decision = models.CharField(max_length=24, choices=Decision.choices)
    method = models.CharField(max_length=16, choices=Method.choices)
    alpha = models.FloatField()
    # The fewest since-swap games per slot the test needed (null on events recorded before the
    # ledger kept it): with the counts, the method and alpha, what a replay needs.
    min_games = models.PositiveIntegerField(null=True, blank=True)
    # The sequential test's horizon look, in since-swap games a slot (0: no look; null on events
    # recorded before the ledger kept it, which had none).
    horizon_games = models.PositiveIntegerField(null=True, blank=True)
    z_statistic = models.FloatField(null=True, blank=True)
    p_value = models.FloatField(null=True, blank=True)
    always_valid_p_value = models.FloatField(null=True, blank=True)
    e_value = models.FloatField(null=True, blank=True)
    # The sample-ratio check of the window's Production/B split (promotion/srm.py); null when
    # it was not checked (A/B testing off, or B empty for part of the window).
    srm_e_value = models.FloatField(null=True, blank=True)
    srm_mismatch = models.BooleanField(default=False)
    production_wins = models.PositiveIntegerField()
    production_total_games = models.PositiveIntegerField()
    b_wins = models.PositiveIntegerField()
    b_total_games = models.PositiveIntegerField()
    production_games_since_swap = models.PositiveIntegerField()
    production_wins_since_swap = models.PositiveIntegerField()
    b_games_since_swap = models.PositiveIntegerField()
    b_wins_since_swap = models.PositiveIntegerField()
    promotion_cycles_since_swap = models.PositiveIntegerField()
    reorder_applied = models.BooleanField()
    # Each guardrail's verdict on the window (promotion/guardrails.py): [{name, held, ...}].
    guardrails = models.JSONField(default=list, blank=True)
    # The probation check of the last swap's model (promotion/rollback.py), on the cycles that
    # ran it; {} on the others.
    rollback = models.JSONField(default=dict, blank=True)
    # Set on the swap that undid another: the swap it rolled back. A rollback is itself a swap
    # (the tickers restart), and never on probation.
    rolled_back_swap = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rolled_back_by",
    )
    alias_rankings = models.JSONField(default=list, blank=True)
    alias_accuracies = models.JSONField(default=dict, blank=True)
    assignments_before = models.JSONField(default=dict, blank=True)
    assignments_after = models.JSONField(default=dict, blank=True)
    reason = models.TextField()
    source = models.CharField(max_length=16, choices=Source.choices)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The one rule the original system broke: the decision is the test's result only.
            models.CheckConstraint(
                condition=Q(decision__in=[d.value for d in Decision]),
                name="decision_is_a_test_result",
            ),
            models.CheckConstraint(
                condition=Q(production_wins__lte=models.F("production_total_games"))
                & Q(b_wins__lte=models.F("b_total_games")),
                name="event_wins_within_games",
            ),
        ]
        indexes = [
            models.Index(
                fields=["family", "decision", "-created_at"], name="event_family_decision"
            ),
            models.Index(fields=["family", "-created_at"], name="event_family_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.family} {self.created_at:%Y-%m-%d %H:%M}: {self.decision}"


class CycleFailure(models.Model):
    """A cycle that could not finish: nothing moved, and this says where and why."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    family = models.CharField(max_length=16, choices=FAMILY_CHOICES)
    stage = models.CharField(max_length=32)
    error = models.TextField()
    source = models.CharField(max_length=16, choices=Source.choices)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.family} failed at {self.stage}: {self.error[:60]}"


class PromotionControl(models.Model):
    """Per family: whether cycles may move aliases (admins pause promotion during incidents)."""

    family = models.CharField(max_length=16, choices=FAMILY_CHOICES, unique=True)
    paused = models.BooleanField(default=False)
    changed_by = models.CharField(max_length=150, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.family}: {'paused' if self.paused else 'active'}"
