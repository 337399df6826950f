"""Input validation and output shapes of the promotion endpoints (public ledger, internal report
and history)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.api_input import JsonBooleanField, JsonCharField
from games.models import FAMILY_CHOICES
from promotion.models import (
    LEDGER_COUNT_FIELDS,
    LEDGER_DETAIL_FIELDS,
    LEDGER_TEST_FIELDS,
    Decision,
    Method,
    PromotionEvent,
)

DECISION_ERROR = (
    '"{input}" is not a decision: a decision is only ever swap_production_b, retain_production '
    "or insufficient_data (a challenger re-ranking is reported in reorder_applied, not in "
    "decision)."
)

# Every count a report carries, as (games, wins-within-it) pairs where one bounds the other.
_COUNT_PAIRS = (
    ("production_total_games", "production_wins"),
    ("b_total_games", "b_wins"),
    ("production_games_since_swap", "production_wins_since_swap"),
    ("b_games_since_swap", "b_wins_since_swap"),
)
_SINCE_WITHIN_TOTAL = (
    ("production_total_games", "production_games_since_swap"),
    ("b_total_games", "b_games_since_swap"),
)


# The ledger's count columns are PostgreSQL integers.
MAX_COUNT = 2_147_483_647


def _count(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=0, max_value=MAX_COUNT, **kwargs)


class PromotionReportInput(serializers.Serializer):
    """One cycle's report from an external promoter."""

    family = serializers.ChoiceField(choices=FAMILY_CHOICES)
    decision = serializers.ChoiceField(
        choices=Decision.choices, error_messages={"invalid_choice": DECISION_ERROR}
    )
    reorder_applied = JsonBooleanField(
        help_text="Whether any challenger alias moved (true or false; never implied)."
    )
    method = serializers.ChoiceField(
        choices=Method.choices,
        required=False,
        default=Method.POINT,
        help_text="The test the promoter ran; the original promoter's point rule when omitted.",
    )
    alpha = serializers.FloatField(required=False, min_value=0.0, max_value=1.0)
    z_statistic = serializers.FloatField(required=False, allow_null=True, default=None)
    p_value = serializers.FloatField(
        required=False, allow_null=True, default=None, min_value=0.0, max_value=1.0
    )
    always_valid_p_value = serializers.FloatField(
        required=False, allow_null=True, default=None, min_value=0.0, max_value=1.0
    )
    e_value = serializers.FloatField(required=False, allow_null=True, default=None, min_value=0.0)
    production_wins = _count()
    production_total_games = _count()
    b_wins = _count()
    b_total_games = _count()
    production_games_since_swap = _count()
    production_wins_since_swap = _count(required=False, default=0)
    b_games_since_swap = _count()
    b_wins_since_swap = _count(required=False, default=0)
    promotion_cycles_since_swap = _count()
    # The stubs only allow a mapping as a JSONField's default; any JSON value is valid.
    alias_rankings = serializers.JSONField(required=False, default=list)  # type: ignore[arg-type]
    alias_accuracies = serializers.JSONField(required=False, default=dict)
    assignments_before = serializers.JSONField(required=False, default=dict)
    assignments_after = serializers.JSONField(required=False, default=dict)
    reason = JsonCharField(required=False, allow_blank=True, max_length=2000, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, str] = {}
        for games, wins in _COUNT_PAIRS:
            if attrs[wins] > attrs[games]:
                errors[wins] = f"{wins} ({attrs[wins]}) is more than {games} ({attrs[games]})"
        for total, since in _SINCE_WITHIN_TOTAL:
            if attrs[since] > attrs[total]:
                errors[since] = f"{since} ({attrs[since]}) is more than {total} ({attrs[total]})"
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class EventsQuery(serializers.Serializer):
    family = serializers.ChoiceField(choices=FAMILY_CHOICES, required=False)
    decision = serializers.ChoiceField(choices=Decision.choices, required=False)
    # allow_null: an absent flag means "either", not false (DRF's default for query strings).
    reorder_applied = serializers.BooleanField(required=False, allow_null=True, default=None)
    since = serializers.DateTimeField(required=False, help_text="Events at or after (ISO 8601).")
    # An until before since is a window with no events in it: an empty page, not an error.
    until = serializers.DateTimeField(required=False, help_text="Events at or before (ISO 8601).")


class HistoryQuery(serializers.Serializer):
    limit = serializers.IntegerField(required=False, default=50, min_value=1, max_value=500)


HISTORY_FIELDS = ["id", "created_at", *LEDGER_TEST_FIELDS, *LEDGER_COUNT_FIELDS, "reason", "source"]


class PromotionEventSerializer(serializers.ModelSerializer):
    """The flat view: the test, the counters and the reason, without the JSON columns (the shape
    Grafana's JSON datasource and the public list both use)."""

    class Meta:
        model = PromotionEvent
        fields = HISTORY_FIELDS
        read_only_fields = fields


class PromotionEventDetailSerializer(serializers.ModelSerializer):
    """Every field of an event, the JSON ones included."""

    class Meta:
        model = PromotionEvent
        fields = [*HISTORY_FIELDS, *LEDGER_DETAIL_FIELDS, "rolled_back_swap", "payload"]
        read_only_fields = fields
