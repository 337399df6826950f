"""The decision ledger's filters, validated before any query runs: a bad value is a 400 with a
message, never a 500 and never a silently ignored filter."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from games.models import FAMILY_CHOICES
from promotion.models import Decision, Method

# Dates outside this range are typos, and their day boundaries would overflow when converted
# to aware datetimes.
EARLIEST = date(2000, 1, 1)
LATEST = date(2999, 12, 31)
MAX_PAGE = 1_000_000


def _to_bool(value: str) -> bool:
    return value == "true"


class DecisionFilterForm(forms.Form):
    family = forms.ChoiceField(choices=[("", "all families"), *FAMILY_CHOICES], required=False)
    decision = forms.ChoiceField(
        choices=[("", "all decisions"), *Decision.choices],
        required=False,
        error_messages={
            "invalid_choice": (
                "%(value)s is not a decision: a decision is swap_production_b, "
                "retain_production or insufficient_data (challenger re-rankings are the "
                "separate reorder_applied filter)"
            )
        },
    )
    reorder_applied = forms.TypedChoiceField(
        label="Challengers re-ranked",
        choices=[("", "either"), ("true", "yes"), ("false", "no")],
        coerce=_to_bool,
        empty_value=None,
        required=False,
    )
    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    page = forms.IntegerField(
        min_value=1, max_value=MAX_PAGE, required=False, widget=forms.HiddenInput
    )

    def _clean_day(self, name: str) -> date | None:
        day = self.cleaned_data.get(name)
        if day is not None and not EARLIEST <= day <= LATEST:
            raise forms.ValidationError(
                f"choose a date between {EARLIEST.isoformat()} and {LATEST.isoformat()}"
            )
        return day

    def clean_date_from(self) -> date | None:
        return self._clean_day("date_from")

    def clean_date_to(self) -> date | None:
        return self._clean_day("date_to")

    def clean(self) -> dict[str, Any]:
        # The stubs allow clean() to return None; Form.clean() returns cleaned_data itself.
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "the end date is before the start date")
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The cleaned filters, as keyword arguments of ``events_filtered``."""
        data = self.cleaned_data
        return {
            "family": data.get("family") or None,
            "decision": data.get("decision") or None,
            "reorder_applied": data.get("reorder_applied"),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


class ReplayForm(forms.Form):
    """The rule a replay decides the ledger under; each field left empty keeps every cycle's
    own, which reproduces the ledger."""

    method = forms.ChoiceField(choices=[("", "as recorded"), *Method.choices], required=False)
    alpha = forms.FloatField(
        required=False,
        min_value=0.0001,
        max_value=0.5,
        widget=forms.NumberInput(attrs={"step": "0.001", "placeholder": "as recorded"}),
    )
    min_games = forms.IntegerField(
        label="Min games",
        required=False,
        min_value=0,
        max_value=1_000_000,
        widget=forms.NumberInput(attrs={"placeholder": "as recorded"}),
    )
    horizon_games = forms.IntegerField(
        label="Look at games a slot",
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text="The sequential test's one look (0: none).",
        widget=forms.NumberInput(attrs={"placeholder": "as recorded"}),
    )

    def rule(self) -> dict[str, Any]:
        """The cleaned rule, as keyword arguments of ``promotion.replay.replay``."""
        data = self.cleaned_data
        return {
            "method": data.get("method") or None,
            "alpha": data.get("alpha"),
            "min_games": data.get("min_games"),
            "horizon_games": data.get("horizon_games"),
        }
