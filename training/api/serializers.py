"""Input validation and output shapes of the model registry API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.vocabulary import ALIASES
from games.models import FAMILY_CHOICES, ModelAlias
from training.models import AliasChange, ModelVersion, Stage


class AliasHolderSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    stage = serializers.ChoiceField(choices=Stage.choices)


class FamilyModelsSerializer(serializers.Serializer):
    family = serializers.ChoiceField(choices=FAMILY_CHOICES)
    registered_model = serializers.CharField(help_text="The family's name in the model registry.")
    policy = serializers.CharField(help_text="The bot policy that plays this family's models.")
    aliases = serializers.DictField(
        child=AliasHolderSerializer(),
        help_text="Alias (Production, B, shadow1, shadow2) -> the version it points at now.",
    )


class VersionsQuery(serializers.Serializer):
    family = serializers.ChoiceField(choices=FAMILY_CHOICES, required=False)
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)


class ModelVersionSerializer(serializers.ModelSerializer):
    aliases = serializers.SerializerMethodField(help_text="The aliases this version holds now.")
    holdout_accuracy = serializers.SerializerMethodField()

    class Meta:
        model = ModelVersion
        fields = [
            "family",
            "version",
            "registered_model",
            "stage",
            "gates_passed",
            "holdout_accuracy",
            "aliases",
            "created_at",
            "stage_changed_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(ModelAlias.choices)))
    def get_aliases(self, version: ModelVersion) -> list[str]:
        # From the prefetched assignments: no query per version.
        return sorted((a.alias for a in version.aliases.all()), key=ALIASES.index)

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_holdout_accuracy(self, version: ModelVersion) -> float | None:
        value = version.metrics.get("holdout_accuracy")
        return float(value) if isinstance(value, int | float) else None


class ModelVersionDetailSerializer(ModelVersionSerializer):
    metrics = serializers.DictField(child=serializers.FloatField())
    sample_counts = serializers.DictField(child=serializers.IntegerField())
    gate_results = serializers.DictField(
        child=serializers.JSONField(), help_text="Per gate: passed, and the figures behind it."
    )
    config = serializers.DictField(child=serializers.JSONField(), help_text="Hyper-parameters.")

    class Meta(ModelVersionSerializer.Meta):
        fields = [
            *ModelVersionSerializer.Meta.fields,
            "stage_reason",
            "metrics",
            "sample_counts",
            "gate_results",
            "config",
            "sha256",
            "run_id",
            "source_uri",
            "feature_contract_version",
            "updated_at",
        ]
        read_only_fields = fields


class AliasHistoryQuery(serializers.Serializer):
    family = serializers.ChoiceField(choices=FAMILY_CHOICES, required=False)
    limit = serializers.IntegerField(required=False, default=50, min_value=1, max_value=500)


class AliasChangeSerializer(serializers.ModelSerializer):
    from_version = serializers.IntegerField(source="from_version.version", allow_null=True)
    to_version = serializers.IntegerField(source="to_version.version", allow_null=True)

    class Meta:
        model = AliasChange
        fields = [
            "created_at",
            "family",
            "alias",
            "from_version",
            "to_version",
            "reason",
            "actor",
            "note",
            "promotion_event_id",
        ]
        read_only_fields = fields


class ReloadInput(serializers.Serializer):
    family = serializers.ChoiceField(
        choices=FAMILY_CHOICES, required=False, help_text="Only this family (default: all)."
    )


class ReloadResultSerializer(serializers.Serializer):
    generations = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Family -> its new serving generation; every serving process reloads when it "
        "sees the number change.",
    )
