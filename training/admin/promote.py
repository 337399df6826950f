"""Promote to an alias of your choice, from the version list: a page in between shows what
each chosen version would replace and asks for the alias and a note, so that a move of
Production (which bypasses the promotion test) is never one mis-click away."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from core.vocabulary import ALIASES
from training.models import ModelVersion
from training.registry import selectors

TEMPLATE = "admin/training/modelversion/promote_to_alias.html"


class PromoteForm(forms.Form):
    alias = forms.ChoiceField(choices=[(a, a) for a in ALIASES], widget=forms.RadioSelect)
    note = forms.CharField(
        max_length=200,
        required=False,
        help_text="Why: kept with the move in the audit trail.",
    )


@dataclass(frozen=True)
class Candidate:
    version: ModelVersion
    holders: dict[str, ModelVersion]  # alias -> the version that holds it now

    @property
    def replaces(self) -> list[tuple[str, str]]:
        """(alias, what it holds now) for every alias, to show what the move would replace."""
        return [
            (alias, self.holders[alias].label if alias in self.holders else "nothing")
            for alias in ALIASES
        ]


def confirmation_page(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[ModelVersion],
    form: PromoteForm,
) -> TemplateResponse:
    chosen = list(queryset.order_by("family", "-version"))
    holders = {family: selectors.alias_map(family=family) for family in {v.family for v in chosen}}
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Promote to an alias",
        "opts": model_admin.model._meta,
        "candidates": [Candidate(v, holders[v.family]) for v in chosen],
        "form": form,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "action": request.POST.get("action", "promote_to_alias"),
    }
    return TemplateResponse(request, TEMPLATE, context)
