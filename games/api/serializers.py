"""Input validation and output shapes of the gameplay API."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api_input import JsonBooleanField, JsonCharField
from core.vocabulary import FAMILY_BY_POLICY
from games.engine.bots import all_policy_names
from games.engine.explanation import expert_words
from games.engine.moves import MOVES
from games.models import Game, Round
from games.selectors import next_round_values, round_explanation

DIFFICULTY_INPUTS = ["standard", "easy", "normal"]  # "normal" is the original's "standard"


def canonical_difficulty(value: str | None) -> str | None:
    return "standard" if value == "normal" else value


class RoundValuesSerializer(serializers.Serializer):
    rock = serializers.FloatField()
    paper = serializers.FloatField()
    scissors = serializers.FloatField()


class NextRoundSerializer(serializers.Serializer):
    round_no = serializers.IntegerField()
    values = RoundValuesSerializer()


class StartGameInput(serializers.Serializer):
    policy = serializers.ChoiceField(choices=all_policy_names())
    difficulty_mode = serializers.ChoiceField(
        choices=DIFFICULTY_INPUTS, required=False, allow_null=True
    )
    player_name = JsonCharField(max_length=64, required=False, allow_blank=True)
    is_test = JsonBooleanField(required=False, default=False)

    def validate_difficulty_mode(self, value: str | None) -> str | None:
        return canonical_difficulty(value)


class PlayRoundInput(serializers.Serializer):
    move = serializers.ChoiceField(choices=[m.value for m in MOVES])
    round = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=10_000,
        help_text="The round number this move is for. With it, a repeated request returns the "
        "stored answer instead of playing twice.",
    )

    def to_internal_value(self, data: Any) -> Any:
        # Moves are case-insensitive, as in the original contract.
        if isinstance(data, dict) and isinstance(data.get("move"), str):
            # copy(), not {**data}: a form's QueryDict would turn every value into a list.
            data = data.copy()
            data["move"] = data["move"].strip().lower()
        return super().to_internal_value(data)


class GameSerializer(serializers.ModelSerializer):
    player_name = serializers.CharField(source="player.name", read_only=True)
    target_points = serializers.FloatField()
    player_score = serializers.FloatField()
    bot_score = serializers.FloatField()
    next_round = serializers.SerializerMethodField()

    class Meta:
        model = Game
        fields = [
            "id",
            "player_name",
            "policy",
            "family",
            "difficulty_mode",
            "model_alias",
            "model_version",
            "opening",
            "target_points",
            "player_score",
            "bot_score",
            "rounds_played",
            "status",
            "winner",
            "is_test",
            "started_at",
            "finished_at",
            "next_round",
        ]
        read_only_fields = fields

    @extend_schema_field(NextRoundSerializer(allow_null=True))
    def get_next_round(self, game: Game) -> dict[str, Any] | None:
        values = next_round_values(game)
        if values is None:
            return None
        return {"round_no": game.rounds_played + 1, "values": values.as_dict()}


class ExpertWeightSerializer(serializers.Serializer):
    expert = serializers.CharField(help_text="An expert of the model's in-game mixture.")
    weight = serializers.FloatField(min_value=0, max_value=1)
    words = serializers.CharField(help_text="The expert, said plainly.")


class ExplanationSerializer(serializers.Serializer):
    expected_points = RoundValuesSerializer(
        help_text="What each bot move was worth on average under the prediction."
    )
    best_move = serializers.ChoiceField(choices=[m.value for m in MOVES])
    reading = ExpertWeightSerializer(
        many=True, help_text="Whom the model read the player as, most trusted first."
    )
    summary = serializers.CharField(help_text="The same, in plain words.")


class RoundSerializer(serializers.ModelSerializer):
    values = serializers.SerializerMethodField()
    probabilities = serializers.SerializerMethodField()
    explanation = serializers.SerializerMethodField()
    player_delta = serializers.FloatField()
    bot_delta = serializers.FloatField()
    player_score_after = serializers.FloatField()
    bot_score_after = serializers.FloatField()

    class Meta:
        model = Round
        fields = [
            "round_no",
            "player_move",
            "bot_move",
            "result",
            "values",
            "player_delta",
            "bot_delta",
            "player_score_after",
            "bot_score_after",
            "is_gambit",
            "probabilities",
            "prediction_source",
            "explanation",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(RoundValuesSerializer)
    def get_values(self, played: Round) -> dict[str, float]:
        return {
            "rock": float(played.value_rock),
            "paper": float(played.value_paper),
            "scissors": float(played.value_scissors),
        }

    @extend_schema_field(RoundValuesSerializer(allow_null=True))
    def get_probabilities(self, played: Round) -> dict[str, float] | None:
        rock, paper, scissors = played.prob_rock, played.prob_paper, played.prob_scissors
        # Written together (all or none), but each column is nullable on its own.
        if rock is None or paper is None or scissors is None:
            return None
        return {"rock": rock, "paper": paper, "scissors": scissors}

    @extend_schema_field(ExplanationSerializer(allow_null=True))
    def get_explanation(self, played: Round) -> dict[str, Any] | None:
        explained = round_explanation(played=played)
        if explained is None:
            return None
        return {
            "expected_points": {str(m): v for m, v in explained.expected_points.items()},
            "best_move": str(explained.best),
            "reading": [
                {"expert": name, "weight": weight, "words": expert_words(name)}
                for name, weight in explained.reading
            ],
            "summary": explained.summary,
        }


class GameDetailSerializer(GameSerializer):
    rounds = RoundSerializer(many=True, read_only=True)

    class Meta(GameSerializer.Meta):
        fields = [*GameSerializer.Meta.fields, "rounds"]
        read_only_fields = fields


class PlayedRoundSerializer(serializers.Serializer):
    replayed = serializers.BooleanField(help_text="True when this is the stored answer.")
    round = RoundSerializer()
    game = GameSerializer()


class ExportRoundSerializer(RoundSerializer):
    game_id = serializers.IntegerField()
    policy = serializers.CharField(source="game.policy")
    family = serializers.CharField(source="game.family")
    model_alias = serializers.CharField(source="game.model_alias")
    model_version = serializers.CharField(source="game.model_version")
    difficulty_mode = serializers.CharField(source="game.difficulty_mode")

    class Meta(RoundSerializer.Meta):
        fields = [
            "game_id",
            "policy",
            "family",
            "model_alias",
            "model_version",
            "difficulty_mode",
            *RoundSerializer.Meta.fields,
        ]
        read_only_fields = fields


class RoundsExportQuery(serializers.Serializer):
    policy = serializers.ChoiceField(choices=list(FAMILY_BY_POLICY), required=False)
    family = serializers.ChoiceField(choices=list(FAMILY_BY_POLICY.values()), required=False)
    game = serializers.IntegerField(required=False, min_value=1)
    since = serializers.DateTimeField(required=False)
    until = serializers.DateTimeField(required=False)
    include_simulated = serializers.BooleanField(required=False, default=False)


class PlayerStatsSerializer(serializers.Serializer):
    player_id = serializers.IntegerField(allow_null=True)
    player_name = serializers.CharField(allow_null=True)
    games = serializers.IntegerField()
    finished = serializers.IntegerField()
    wins = serializers.IntegerField()
    losses = serializers.IntegerField()
    ties = serializers.IntegerField()
    rounds = serializers.IntegerField()
    win_rate = serializers.FloatField(allow_null=True)
    by_policy = serializers.DictField(child=serializers.DictField(child=serializers.IntegerField()))


class LeaderboardQuery(serializers.Serializer):
    limit = serializers.IntegerField(required=False, default=10, min_value=1, max_value=100)


class LeaderboardEntrySerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    player_id = serializers.IntegerField()
    player_name = serializers.CharField()
    games = serializers.IntegerField()
    wins = serializers.IntegerField()
    losses = serializers.IntegerField()
    win_rate = serializers.FloatField()


WIN_RATE_GROUPS = {
    "policy": ("policy",),
    "alias": ("policy", "model_alias"),
    "difficulty": ("policy", "difficulty_mode"),
}


class BotWinRatesQuery(serializers.Serializer):
    group_by = serializers.ChoiceField(
        choices=list(WIN_RATE_GROUPS), required=False, default="policy"
    )


class BotWinRateSerializer(serializers.Serializer):
    policy = serializers.CharField()
    model_alias = serializers.CharField(required=False)
    difficulty_mode = serializers.CharField(required=False)
    games = serializers.IntegerField()
    bot_wins = serializers.IntegerField()
    player_wins = serializers.IntegerField()
    ties = serializers.IntegerField()
    bot_win_rate = serializers.FloatField()


class PolicySerializer(serializers.Serializer):
    name = serializers.CharField()
    policy = serializers.CharField()
    family = serializers.CharField()
    difficulty_mode = serializers.CharField()
    registered_model = serializers.CharField()
