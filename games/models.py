"""Players, games and rounds. The database itself keeps them sound: see the constraints below and
the score trigger in migration 0002 (a game's scores always equal the sum of its rounds)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from core import vocabulary
from core.vocabulary import FAMILY_BY_POLICY
from games.engine.history import DifficultyMode
from games.engine.moves import Move, Result
from games.engine.scoring import Winner

# The largest single-round gain: a game can overshoot the target by less than this.
MAX_ROUND_VALUE = Decimal("2.0")


class PlayerKind(models.TextChoices):
    HUMAN = "human", "Human"
    SCRIPTED = "scripted", "Scripted opponent"
    SIMULATION = "simulation", "Simulation account"


class Player(models.Model):
    """Someone or something on the player's side: a registered user, an anonymous browser
    (identified by a session id), a scripted opponent or a simulation account."""

    name = models.CharField(max_length=64)
    kind = models.CharField(max_length=16, choices=PlayerKind.choices, default=PlayerKind.HUMAN)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="player",
    )
    session_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    source = models.CharField(
        max_length=32, default="web", help_text="Where the player came from: web, api, import..."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(kind="scripted"),
                name="one_player_per_scripted_opponent",
            ),
        ]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"

    @property
    def counts_in_analytics(self) -> bool:
        return self.kind == PlayerKind.HUMAN


class GameStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    FINISHED = "finished", "Finished"


class ModelAlias(models.TextChoices):
    PRODUCTION = vocabulary.PRODUCTION, vocabulary.PRODUCTION
    B = vocabulary.B, vocabulary.B
    SHADOW1 = vocabulary.SHADOW1, vocabulary.SHADOW1
    SHADOW2 = vocabulary.SHADOW2, vocabulary.SHADOW2


POLICY_CHOICES = [(p, p) for p in FAMILY_BY_POLICY]
FAMILY_CHOICES = [(f, f) for f in FAMILY_BY_POLICY.values()]
DIFFICULTY_CHOICES = [(m.value, m.value) for m in DifficultyMode]
MOVE_CHOICES = [(m.value, m.value) for m in Move]
RESULT_CHOICES = [(r.value, r.value) for r in Result]
WINNER_CHOICES = [(w.value, w.value) for w in Winner]


def _points_field(**kwargs: object) -> models.DecimalField:
    return models.DecimalField(max_digits=5, decimal_places=1, **kwargs)  # type: ignore[arg-type]


class Game(models.Model):
    # No index of its own: game_player_recent (player, -started_at) serves it, one fewer to
    # write with every game.
    player = models.ForeignKey(
        Player, on_delete=models.PROTECT, related_name="games", db_index=False
    )
    policy = models.CharField(max_length=16, choices=POLICY_CHOICES)
    family = models.CharField(max_length=16, choices=FAMILY_CHOICES)
    difficulty_mode = models.CharField(
        max_length=8, choices=DIFFICULTY_CHOICES, default=DifficultyMode.STANDARD
    )
    model_alias = models.CharField(max_length=16, choices=ModelAlias.choices)
    # The registry version behind the alias at start: the same model answers the whole match.
    model_version = models.CharField(max_length=32, blank=True, default="")
    opening = models.CharField(max_length=32)
    target_points = _points_field(default=Decimal("10.0"))
    player_score = _points_field(default=Decimal("0"))
    bot_score = _points_field(default=Decimal("0"))
    rounds_played = models.PositiveIntegerField(default=0)
    # The rounds so far, compact (games.engine.history_record), written with each round: the
    # next round is built from the locked game row without re-reading its rounds.
    record = models.JSONField(default=list, blank=True, editable=False)
    # What the pinned model's last prediction left for the next one (Prediction.carry), so a
    # round runs one new row through the model instead of the whole game again.
    model_carry = models.JSONField(default=dict, blank=True, editable=False)
    status = models.CharField(max_length=16, choices=GameStatus.choices, default=GameStatus.ACTIVE)
    winner = models.CharField(max_length=8, choices=WINNER_CHOICES, null=True, blank=True)
    is_test = models.BooleanField(default=False)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(player_score__gte=0) & Q(bot_score__gte=0),
                name="game_scores_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(player_score__lt=F("target_points") + MAX_ROUND_VALUE)
                & Q(bot_score__lt=F("target_points") + MAX_ROUND_VALUE),
                name="game_scores_below_target_plus_one_round",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        status="active",
                        winner__isnull=True,
                        finished_at__isnull=True,
                        player_score__lt=F("target_points"),
                        bot_score__lt=F("target_points"),
                    )
                    | Q(status="finished", winner__isnull=False, finished_at__isnull=False)
                ),
                name="game_status_matches_winner_and_scores",
            ),
            models.CheckConstraint(condition=Q(target_points__gt=0), name="game_target_positive"),
        ]
        indexes = [
            models.Index(fields=["status", "finished_at"], name="game_status_finished"),
            models.Index(fields=["family", "model_alias", "status"], name="game_family_alias"),
            # A slot's latest games, for promotion's guardrails.
            models.Index(fields=["family", "model_alias", "-id"], name="game_slot_latest"),
            models.Index(fields=["player", "-started_at"], name="game_player_recent"),
            models.Index(fields=["policy", "started_at"], name="game_policy_started"),
            models.Index(fields=["started_at"], name="game_started"),
        ]

    def __str__(self) -> str:
        return f"game {self.pk}: {self.player.name} vs {self.policy}"

    @property
    def is_finished(self) -> bool:
        return self.status == GameStatus.FINISHED


class Round(models.Model):
    # No index of its own: one_round_per_number (game, round_no) serves it, one fewer to write
    # with every round.
    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="rounds", db_index=False)
    round_no = models.PositiveIntegerField()
    player_move = models.CharField(max_length=8, choices=MOVE_CHOICES)
    bot_move = models.CharField(max_length=8, choices=MOVE_CHOICES)
    result = models.CharField(max_length=8, choices=RESULT_CHOICES)
    value_rock = models.DecimalField(max_digits=3, decimal_places=1)
    value_paper = models.DecimalField(max_digits=3, decimal_places=1)
    value_scissors = models.DecimalField(max_digits=3, decimal_places=1)
    player_delta = models.DecimalField(max_digits=3, decimal_places=1)
    bot_delta = models.DecimalField(max_digits=3, decimal_places=1)
    player_score_after = _points_field()
    bot_score_after = _points_field()
    is_gambit = models.BooleanField(default=False)
    # What the bot believed about the player's move (None in gambit rounds: nobody was asked).
    prob_rock = models.FloatField(null=True, blank=True)
    prob_paper = models.FloatField(null=True, blank=True)
    prob_scissors = models.FloatField(null=True, blank=True)
    prediction_source = models.CharField(max_length=32, blank=True, default="")
    # How long the bot took to answer (prediction and policy), in milliseconds; null in gambit
    # rounds and on rounds stored before it was kept. Promotion's latency guardrail reads it.
    serving_ms = models.FloatField(null=True, blank=True)
    # Whom the model read the player as, most trusted first: [[expert, weight], ...].
    reading = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["game_id", "round_no"]
        constraints = [
            models.UniqueConstraint(fields=["game", "round_no"], name="one_round_per_number"),
            models.CheckConstraint(condition=Q(round_no__gte=1), name="round_no_from_one"),
            models.CheckConstraint(
                condition=(
                    Q(result="draw", player_delta=Decimal("0.5"), bot_delta=Decimal("0.5"))
                    | Q(result="win", bot_delta=0, player_delta__gte=1, player_delta__lte=2)
                    | Q(result="lose", player_delta=0, bot_delta__gte=1, bot_delta__lte=2)
                ),
                name="round_points_match_result",
            ),
            models.CheckConstraint(
                condition=Q(value_rock__gte=1, value_rock__lte=2)
                & Q(value_paper__gte=1, value_paper__lte=2)
                & Q(value_scissors__gte=1, value_scissors__lte=2),
                name="round_values_in_range",
            ),
            models.CheckConstraint(
                condition=Q(player_score_after__gte=F("player_delta"))
                & Q(bot_score_after__gte=F("bot_delta")),
                name="round_scores_include_the_round",
            ),
        ]
        indexes = [
            models.Index(fields=["created_at"], name="round_created"),
        ]

    def __str__(self) -> str:
        return f"game {self.game_id} round {self.round_no}"
