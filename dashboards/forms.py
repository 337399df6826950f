"""Filters of the dashboards, validated before any query runs: bad input is a 400 with the
form's errors, never a server error."""

from __future__ import annotations

from datetime import date

from django import forms

from core.vocabulary import FAMILIES

# The widest span a filter may ask for; keeps a mistyped year from meaning anything odd.
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


class GameplayFilterForm(forms.Form):
    family = forms.ChoiceField(
        required=False, choices=[("", "all families"), *((f, f) for f in FAMILIES)]
    )
    since = forms.DateField(
        required=False,
        help_text="first day included (YYYY-MM-DD)",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        required=False,
        help_text="last day included (YYYY-MM-DD)",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        for name in ("since", "until"):
            day = cleaned.get(name)
            if day is not None and not EARLIEST <= day <= LATEST:
                self.add_error(name, f"choose a day between {EARLIEST} and {LATEST}")
        if since and until and since > until:
            raise forms.ValidationError("'since' must not be after 'until'")
        return cleaned
