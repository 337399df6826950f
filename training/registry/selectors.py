"""Reads of the model registry mirror."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from core.vocabulary import ALIASES, FAMILIES, POLICY_BY_FAMILY, registered_model_name
from training.models import AliasAssignment, AliasChange, ModelVersion


def alias_versions(*, family: str) -> dict[str, int]:
    """Alias -> version number, as our mirror has it now."""
    return dict(
        AliasAssignment.objects.filter(family=family).values_list("alias", "version__version")
    )


def alias_map(*, family: str) -> dict[str, ModelVersion]:
    return {
        a.alias: a.version
        for a in AliasAssignment.objects.filter(family=family).select_related("version")
    }


def version_get(*, family: str, version: int) -> ModelVersion | None:
    return ModelVersion.objects.filter(family=family, version=version).first()


def versions_of(*, family: str | None = None) -> QuerySet[ModelVersion]:
    versions = ModelVersion.objects.all()
    if family:
        versions = versions.filter(family=family)
    return versions.order_by("family", "-version")


def alias_history(*, family: str | None = None, limit: int = 50) -> QuerySet[AliasChange]:
    changes = AliasChange.objects.select_related("from_version", "to_version")
    if family:
        changes = changes.filter(family=family)
    return changes.order_by("-created_at", "-pk")[:limit]


# --- for the registry CLI, admin and API -------------------------------------------------


def aliases_by_version(*, family: str | None = None) -> dict[int, list[str]]:
    """ModelVersion pk -> the aliases it holds now, in serving order (Production first)."""
    assignments = AliasAssignment.objects.all()
    if family:
        assignments = assignments.filter(family=family)
    held: dict[int, list[str]] = {}
    for alias, version_pk in assignments.values_list("alias", "version_id"):
        held.setdefault(version_pk, []).append(alias)
    return {pk: sorted(aliases, key=ALIASES.index) for pk, aliases in held.items()}


def versions_list(*, family: str | None = None, stage: str | None = None) -> QuerySet[ModelVersion]:
    """Versions, newest first per family, with their alias assignments prefetched."""
    versions = versions_of(family=family)
    if stage:
        versions = versions.filter(stage=stage)
    return versions.prefetch_related("aliases")


def families_overview() -> list[dict[str, Any]]:
    """Per family: its registered model, the bot policy that plays it, and alias -> version
    with that version's stage, as our mirror has it now."""
    by_family: dict[str, dict[str, dict[str, Any]]] = {family: {} for family in FAMILIES}
    for assignment in AliasAssignment.objects.select_related("version"):
        by_family.setdefault(assignment.family, {})[assignment.alias] = {
            "version": assignment.version.version,
            "stage": assignment.version.stage,
        }
    return [
        {
            "family": family,
            "registered_model": registered_model_name(family),
            "policy": POLICY_BY_FAMILY.get(family, ""),
            "aliases": {alias: aliases[alias] for alias in sorted(aliases, key=ALIASES.index)},
        }
        for family, aliases in by_family.items()
    ]
