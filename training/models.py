"""Our mirror of the model registry: versions, which version holds which alias, and every alias
move ever made. MLflow stays the store of artifacts and runs; these tables make the same facts
queryable by admin, the API and dashboards, and `manage.py registry sync` repairs any drift."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from games.models import FAMILY_CHOICES, ModelAlias


class Stage(models.TextChoices):
    DEVELOPMENT = "development", "Development (registered)"
    STAGING = "staging", "Staging (passed the gates, holds a challenger alias)"
    PRODUCTION = "production", "Production"
    ARCHIVED = "archived", "Archived"
    REJECTED = "rejected", "Rejected"


class ModelVersion(models.Model):
    family = models.CharField(max_length=16, choices=FAMILY_CHOICES)
    version = models.PositiveIntegerField(help_text="The registry's version number.")
    registered_model = models.CharField(max_length=64)
    run_id = models.CharField(max_length=64, blank=True, default="")
    source_uri = models.CharField(max_length=512, blank=True, default="")
    sha256 = models.CharField(max_length=64)
    feature_contract_version = models.CharField(max_length=16)
    config = models.JSONField(default=dict, blank=True, help_text="Hyper-parameters and seed.")
    metrics = models.JSONField(default=dict, blank=True)
    sample_counts = models.JSONField(default=dict, blank=True)
    gate_results = models.JSONField(default=dict, blank=True)
    gates_passed = models.BooleanField(null=True, blank=True)
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.DEVELOPMENT)
    stage_reason = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    stage_changed_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="one_row_per_version"),
            models.CheckConstraint(
                condition=~Q(stage="staging") | Q(gates_passed=True),
                name="staging_needs_passed_gates",
            ),
        ]
        indexes = [models.Index(fields=["family", "stage"], name="version_family_stage")]

    def __str__(self) -> str:
        return f"{self.registered_model} v{self.version}"

    @property
    def label(self) -> str:
        return f"{self.family} v{self.version}"


class AliasAssignment(models.Model):
    """Which version an alias points at now (one row per family and alias)."""

    family = models.CharField(max_length=16, choices=FAMILY_CHOICES)
    alias = models.CharField(max_length=16, choices=ModelAlias.choices)
    version = models.ForeignKey(ModelVersion, on_delete=models.PROTECT, related_name="aliases")
    assigned_at = models.DateTimeField()

    class Meta:
        ordering = ["family", "alias"]
        constraints = [
            models.UniqueConstraint(fields=["family", "alias"], name="one_version_per_alias"),
        ]

    def __str__(self) -> str:
        return f"{self.family}@{self.alias} -> v{self.version.version}"


class AliasChangeReason(models.TextChoices):
    GATE_ENTRY = "gate_entry", "Passed the gates, entered the challenger pool"
    CYCLE_SWAP = "cycle_swap", "Promotion cycle: Production/B swap"
    REORDER = "reorder", "Promotion cycle: challenger re-ranking"
    MANUAL_PROMOTE = "manual_promote", "Manual promotion"
    ROLLBACK = "rollback", "Rollback"
    BOOTSTRAP = "bootstrap", "Bootstrap"
    ARCHIVE = "archive", "Archived"
    SYNC_REPAIR = "sync_repair", "Registry sync repaired drift"


class AliasChange(models.Model):
    """The audit trail: who moved which alias from which version to which, when and why.
    Rows are only ever added."""

    family = models.CharField(max_length=16, choices=FAMILY_CHOICES)
    alias = models.CharField(max_length=16, choices=ModelAlias.choices)
    from_version = models.ForeignKey(
        ModelVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_version = models.ForeignKey(
        ModelVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=16, choices=AliasChangeReason.choices)
    actor = models.CharField(max_length=150, help_text="A user name, or system:<component>.")
    note = models.CharField(max_length=300, blank=True, default="")
    promotion_event_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["family", "created_at"], name="aliaschange_family_time")]

    def __str__(self) -> str:
        return f"{self.family}@{self.alias}: {self.from_version_id} -> {self.to_version_id}"


class ServingGeneration(models.Model):
    """A per-family counter bumped whenever what serving should hold changes (alias moves,
    reload requests). Every serving process compares it with the one it loaded at, so changes
    reach every worker and replica without a restart and without a message bus."""

    family = models.CharField(max_length=16, choices=FAMILY_CHOICES, unique=True)
    generation = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.family}: generation {self.generation}"


class TrainingLock(models.Model):
    """One training run per family at a time: a lease taken with a conditional UPDATE (works the
    same on SQLite and PostgreSQL). A run renews it as it goes; a worker killed mid-run stops
    renewing, so the lease runs out and a retry can take it over."""

    family = models.CharField(max_length=16, choices=FAMILY_CHOICES, unique=True)
    owner = models.CharField(max_length=200, blank=True, default="")
    locked_until = models.DateTimeField(null=True, blank=True)
    acquired_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.family}: {self.owner or 'free'}"


class ChallengerAccuracy(models.Model):
    """How often a version, while it held an alias, predicted the player's actual move (argmax)
    on the non-gambit rounds of finished games: counts accumulate across scoring runs."""

    family = models.CharField(max_length=16, choices=FAMILY_CHOICES)
    alias = models.CharField(max_length=16, choices=ModelAlias.choices)
    version = models.ForeignKey(
        ModelVersion, on_delete=models.CASCADE, related_name="challenger_accuracies"
    )
    rounds = models.PositiveBigIntegerField(default=0)
    correct = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family", "alias", "-version__version"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "alias", "version"], name="one_accuracy_per_alias_version"
            ),
            models.CheckConstraint(
                condition=Q(correct__lte=models.F("rounds")), name="accuracy_correct_within_rounds"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family}@{self.alias} v{self.version_id}: {self.correct}/{self.rounds}"

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.rounds if self.rounds else None


class AccuracyWatermark(models.Model):
    """Where challenger scoring of a family got to: games are scored in (finished_at, id)
    order, and everything up to and including this position has been counted."""

    family = models.CharField(max_length=16, choices=FAMILY_CHOICES, unique=True)
    last_finished_at = models.DateTimeField()
    last_game_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.family}: up to {self.last_finished_at} (game {self.last_game_id})"
